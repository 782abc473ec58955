package io.daifa.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.daifa.common.ErrorCode;
import io.daifa.common.Rejection;

/**
 * An RFC 9457 problem, as every error of the API is answered: {@code type}, {@code title}, {@code
 * status}, {@code detail}, the stable {@code code} of API.md and, for bad input, the {@code field}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String code, String field) {

  public static Problem of(ErrorCode code, String detail, String field) {
    int status = ErrorStatus.of(code);
    return new Problem(
        "https://daifa.dev/problems/" + code.name().toLowerCase().replace('_', '-'),
        ErrorStatus.title(code),
        status,
        detail,
        code.name(),
        field);
  }

  public static Problem of(Rejection rejection) {
    return of(rejection.code(), rejection.detail(), rejection.field());
  }

  public static Problem invalid(String field, String detail) {
    return of(ErrorCode.VALIDATION, field + ": " + detail, field);
  }

  /** A body that is not JSON at all: 400 rather than 422, still with the stable code. */
  public static Problem malformed(String detail) {
    Problem p = of(ErrorCode.VALIDATION, "body: " + detail, "body");
    return new Problem(p.type(), "The body is not valid JSON", 400, p.detail(), p.code(), "body");
  }

  /** Thrown inside a route to answer with this problem. */
  public ProblemException exception() {
    return new ProblemException(this);
  }

  public static final class ProblemException extends RuntimeException {
    private final Problem problem;

    ProblemException(Problem problem) {
      super(problem.code() + ": " + problem.detail(), null, false, false);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }
}
