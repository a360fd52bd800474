package org.elasticcloud.core.validation;

/** One thing wrong with one field of a request: the field's name and what is wrong with it. */
public record Violation(String field, String message) {
}
