package org.elasticcloud.webapp.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.elasticcloud.core.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.NonNull;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every failure of {@code /api} into a problem document; 5xx never leak internals. */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ValidationException.class)
  ProblemDetail invalid(ValidationException e) {
    return ApiProblems.invalid(e.violations());
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    return ApiProblems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ProblemDetail conflict(ConflictException e) {
    ProblemDetail p = ApiProblems.problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    p.setProperty("errors", java.util.List.of(java.util.Map.of("field", e.field(), "message", e.getMessage())));
    return p;
  }

  @ExceptionHandler(DuplicateKeyException.class)
  ProblemDetail duplicate(DuplicateKeyException e) {
    String field = duplicateField(e.getMostSpecificCause().getMessage());
    return conflict(new ConflictException(field, field + " is already taken"));
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ProblemDetail integrity(DataIntegrityViolationException e) {
    LOG.info("ECP-API-002 integrity violation: {}", e.getMostSpecificCause().getMessage());
    return ApiProblems.problem(HttpStatus.CONFLICT, "conflict", "Conflict",
        "the change breaks a reference: the item is still in use, or points to one that is gone");
  }

  @ExceptionHandler(AuthorizationException.class)
  ProblemDetail forbidden(AuthorizationException e) {
    return ApiProblems.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return ApiProblems.invalid(e.getName(), "must be a valid " + simpleType(e.getRequiredType()));
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    LOG.error("ECP-API-001 unexpected failure", e);
    return ApiProblems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
        "the request failed; the server log has the details (ECP-API-001)");
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(@NonNull HttpMessageNotReadableException ex,
      @NonNull HttpHeaders headers, @NonNull HttpStatusCode status, @NonNull WebRequest request) {
    Throwable cause = ex.getCause();
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof PayloadTooLargeException tooLarge) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(ApiProblems.problem(
            HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Request body too large", tooLarge.getMessage()));
      }
    }
    ProblemDetail problem;
    if (cause instanceof UnrecognizedPropertyException unknown) {
      problem = ApiProblems.invalid(unknown.getPropertyName(), "is not a known field");
    } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining("."));
      problem = ApiProblems.invalid(field, "has a value of the wrong type or format");
    } else if (cause == null && ex.getMessage() != null && ex.getMessage().startsWith("Required request body")) {
      problem = ApiProblems.invalid("body", "is missing");
    } else {
      problem = ApiProblems.invalid("body", "is not well-formed JSON");
    }
    return ResponseEntity.badRequest().body(problem);
  }

  /** Names the field behind a unique constraint from the database's message (H2 or MySQL). */
  static String duplicateField(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (m.contains("uq_container_ip")) {
      return "ip";
    }
    if (m.contains("uq_quota_application")) {
      return "applicationId";
    }
    if (m.contains("uq_image_ref")) {
      return "tag";
    }
    return "name";
  }

  private static String simpleType(Class<?> type) {
    return type == null ? "value" : type.getSimpleName().toLowerCase(Locale.ROOT);
  }
}
