/**
 * The platform's REST API under {@code /api}: inventory resources, process starts and their
 * status, the cluster. Errors are RFC 9457 problem documents; field errors are listed in
 * {@code errors: [{field, message}]}.
 */
package org.elasticcloud.webapp.api;
