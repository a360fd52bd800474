package org.elasticcloud.webapp.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.validation.Violation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the platform's problem documents. */
public final class ApiProblems {
  public static final String TYPE_BASE = "https://elasticcloud.org/problems/";

  private ApiProblems() {
  }

  public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create(TYPE_BASE + type));
    p.setTitle(title);
    return p;
  }

  public static ProblemDetail invalid(List<Violation> violations) {
    ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
        violations.size() == 1 ? violations.get(0).field() + " " + violations.get(0).message()
            : violations.size() + " fields are invalid");
    p.setProperty("errors", violations.stream().map(v -> Map.of("field", v.field(), "message", v.message())).toList());
    return p;
  }

  public static ProblemDetail invalid(String field, String message) {
    return invalid(List.of(new Violation(field, message)));
  }
}
