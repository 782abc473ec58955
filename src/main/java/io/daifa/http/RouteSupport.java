package io.daifa.http;

import io.daifa.common.ErrorCode;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** What every resource's routes share: authentication, ownership, bodies, async answers. */
abstract class RouteSupport extends AllDirectives {

  /** The most of an oversized body read before answering 413, as {@code max-content-length}. */
  private static final long READ_OVERSIZED_AT_MOST = 8 * HttpApi.MAX_BODY_BYTES;

  protected final Authenticator authenticator;
  protected final Entities entities;

  RouteSupport(Authenticator authenticator, Entities entities) {
    this.authenticator = authenticator;
    this.entities = entities;
  }

  /**
   * Runs {@code inner} for an authenticated caller; 401 otherwise, and 429 for a client that failed
   * too often lately (see {@link FailedAuthLimiter}).
   */
  protected Route authenticated(Function<Principal, Route> inner) {
    return extractClientIP(
        address -> {
          String client =
              address.getAddress().map(java.net.InetAddress::getHostAddress).orElse("unknown");
          return optionalHeaderValueByName(
              "Authorization",
              header ->
                  onComplete(
                      authenticator.authenticate(header, client),
                      principal ->
                          principal.isSuccess()
                              ? inner.apply(principal.get())
                              : complete(Responses.failure(principal.failed().get()))));
        });
  }

  /** Runs {@code inner} when the caller passes {@code allowed}; 403 otherwise. */
  protected Route authorized(Predicate<Principal> allowed, Function<Principal, Route> inner) {
    return authenticated(
        principal ->
            allowed.test(principal)
                ? inner.apply(principal)
                : complete(
                    Responses.problem(
                        Problem.of(
                            ErrorCode.FORBIDDEN, "this key may not touch this resource", null))));
  }

  /** Reads the body as {@code type}; a bad body is answered with the problem naming its field. */
  protected <T> Route body(Class<T> type, Function<T, Route> inner) {
    return body(text -> Json.read(text, type), inner);
  }

  /** As {@link #body(Class, Function)}, read by {@code reader}, which throws a problem. */
  protected <T> Route body(Function<String, T> reader, Function<T, Route> inner) {
    return refusingOversized(
        () ->
            entity(
                Unmarshaller.entityToString(),
                text -> {
                  T value;
                  try {
                    value = reader.apply(text);
                  } catch (Problem.ProblemException e) {
                    return complete(Responses.problem(e.problem()));
                  }
                  return inner.apply(value);
                }));
  }

  /**
   * Answers 413 to a body declared larger than {@link HttpApi#MAX_BODY_BYTES}, after reading it
   * when the client is sending it anyway. A client that waits for {@code 100 Continue} is answered
   * at once and never sends it; one that does not wait would otherwise find the connection closed
   * while it still writes, and sometimes lose the 413 in the reset (Java's HttpClient does). The
   * read is bounded by {@link #READ_OVERSIZED_AT_MOST}: a larger body is refused at once.
   */
  private Route refusingOversized(Supplier<Route> inner) {
    return extractRequest(
        request -> {
          OptionalLong length = request.entity().getContentLengthOption();
          if (length.isEmpty() || length.getAsLong() <= HttpApi.MAX_BODY_BYTES) {
            return inner.get();
          }
          Route refuse = complete(Responses.problem(Responses.TOO_LARGE));
          boolean waitsForContinue =
              request
                  .getHeader("Expect")
                  .map(expect -> expect.value().equalsIgnoreCase("100-continue"))
                  .orElse(false);
          return waitsForContinue || length.getAsLong() > READ_OVERSIZED_AT_MOST
              ? refuse
              : extractMaterializer(
                  materializer ->
                      onComplete(
                          request
                              .entity()
                              .withoutSizeLimit()
                              .discardBytes(materializer)
                              .completionStage(),
                          read -> refuse));
        });
  }

  /**
   * The request's optional {@code ?shopId=}: which shop's order an order ID means, for order IDs
   * that several shops use (null: the only shop that does).
   */
  protected Route withShop(Function<String, Route> inner) {
    return parameterOptional("shopId", shopId -> inner.apply(OrderScope.shopParam(shopId)));
  }

  /** Completes with the answer when it comes; any failure becomes a problem. */
  protected Route respond(CompletionStage<HttpResponse> answer) {
    return completeWithFuture(answer.exceptionally(Responses::failure));
  }

  protected static Problem.ProblemException invalid(String field, String detail) {
    return Problem.invalid(field, detail).exception();
  }
}
