package io.daifa.http;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Building HTTP answers: JSON bodies, problems, and the mapping of failures to problems. */
public final class Responses {

  private static final Logger log = LoggerFactory.getLogger(Responses.class);

  public static final ContentType.WithFixedCharset PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

  /** The answer to a body over {@link HttpApi#MAX_BODY_BYTES}. */
  static final Problem TOO_LARGE =
      Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than 1 MiB", "body");

  private Responses() {}

  public static HttpResponse json(int status, Object body) {
    return jsonText(status, Json.write(body));
  }

  /** A JSON body written already. */
  static HttpResponse jsonText(int status, String json) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, json);
  }

  public static HttpResponse problem(Problem problem) {
    HttpResponse response =
        HttpResponse.create()
            .withStatus(problem.status())
            .withEntity(PROBLEM_JSON, Json.write(problem));
    return problem.status() == 503 || problem.status() == 429
        ? response.addHeaders(List.of(RawHeader.create("Retry-After", "1")))
        : response;
  }

  /** The answer to a command outcome: {@code onDone} for its value, the problem otherwise. */
  public static <T> HttpResponse of(Outcome<T> outcome, Function<T, HttpResponse> onDone) {
    if (outcome instanceof Outcome.Done<T> done) {
      return onDone.apply(done.value());
    }
    return problem(Problem.of(((Outcome.Refused<T>) outcome).rejection()));
  }

  /** Any failure of a request, as a problem; only a bug is a 500, and it is logged. */
  public static HttpResponse failure(Throwable failure) {
    return problem(problemOf(failure));
  }

  /** The problem a failure is answered with: only a bug is {@code INTERNAL}, and it is logged. */
  static Problem problemOf(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof Problem.ProblemException problem) {
      return problem.problem();
    }
    if (cause instanceof AskTimeoutException) {
      return Problem.of(ErrorCode.UNAVAILABLE, "storage did not answer in time", null);
    }
    if (StorageUnavailable.is(cause)) {
      log.warn("storage unavailable: {}", cause.toString());
      return Problem.of(ErrorCode.UNAVAILABLE, "storage is unavailable; retry", null);
    }
    if (cause instanceof EntityStreamSizeException) {
      return TOO_LARGE;
    }
    log.error("request failed", cause);
    return Problem.of(ErrorCode.INTERNAL, "the request failed; it has been logged", null);
  }

  /** Re-renders a plain-text answer of Pekko HTTP (404, 405, 415 …) as a problem. */
  public static HttpResponse asProblem(HttpResponse response) {
    if (response.entity().getContentType().equals(PROBLEM_JSON)) {
      return response;
    }
    int status = response.status().intValue();
    String detail =
        response.entity() instanceof HttpEntity.Strict strict
            ? strict.getData().utf8String()
            : response.status().reason();
    ErrorCode code =
        switch (status) {
          case 401 -> ErrorCode.UNAUTHORIZED;
          case 403 -> ErrorCode.FORBIDDEN;
          case 404 -> ErrorCode.NOT_FOUND;
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
          case 503 -> ErrorCode.UNAVAILABLE;
          default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION;
        };
    if (code == ErrorCode.PAYLOAD_TOO_LARGE) {
      return problem(Problem.of(code, "the body is larger than 1 MiB", "body"));
    }
    Problem base = Problem.of(code, detail, null);
    Problem problem =
        new Problem(base.type(), response.status().reason(), status, detail, code.name(), null);
    return problem(problem)
        .addHeaders(response.getHeaders().iterator().hasNext() ? response.getHeaders() : List.of());
  }
}
