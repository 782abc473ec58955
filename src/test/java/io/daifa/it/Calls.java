package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.daifa.client.ApiException;
import io.daifa.client.model.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Calls of the generated client as the tests make them: unchecked, refused, or awaited. */
final class Calls {

  private Calls() {}

  /** A call of the generated client: a refusal is an {@link ApiException}. */
  interface Call<T> {
    T get() throws ApiException;
  }

  /** A call whose answer the test does not read. */
  interface Action {
    void run() throws ApiException;
  }

  /** The answer of a call that must succeed; a refusal fails the test with its problem. */
  static <T> T call(Call<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw new AssertionError(e.getCode() + " " + e.getResponseBody(), e);
    }
  }

  /**
   * The answer of a write that must succeed, sent again while the router answers {@code 503} (for
   * 30 s at most): storage on a shared test machine can be slow to answer a first write, and the
   * API's answer to a 503 is to send the same request again. For idempotent writes only.
   */
  static <T> T stored(Call<T> call) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try {
        return call.get();
      } catch (ApiException e) {
        if (e.getCode() != 503 || Instant.now().isAfter(deadline)) {
          throw new AssertionError(e.getCode() + " " + e.getResponseBody(), e);
        }
      }
      ApiClientAwait.pause(Duration.ofMillis(500));
    }
  }

  /** The problem of a call that must be refused with {@code status} and {@code code}. */
  static Problem refused(int status, String code, Action call) {
    ApiException refusal = assertThrows(ApiException.class, call::run);
    assertEquals(status, refusal.getCode(), refusal.getResponseBody());
    Problem problem;
    try {
      problem =
          io.daifa.client.ApiClient.createDefaultObjectMapper()
              .readValue(refusal.getResponseBody(), Problem.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not a problem: " + refusal.getResponseBody(), e);
    }
    assertEquals(code, problem.getCode() == null ? null : problem.getCode().getValue());
    return problem;
  }

  /**
   * Calls until the answer is {@code ok} (a refusal counts as not yet: the read side may not have
   * the order), every {@code poll}, for 30 s at most.
   */
  static <T> T eventually(Call<T> call, Predicate<T> ok, Duration poll) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      String last;
      try {
        T answer = call.get();
        if (ok.test(answer)) {
          return answer;
        }
        last = String.valueOf(answer);
      } catch (ApiException e) {
        last = e.getCode() + " " + e.getResponseBody();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 30 s, last answer: " + last);
      }
      ApiClientAwait.pause(poll);
    }
  }

  static <T> T eventually(Call<T> call, Predicate<T> ok) {
    return eventually(call, ok, Duration.ofMillis(200));
  }
}
