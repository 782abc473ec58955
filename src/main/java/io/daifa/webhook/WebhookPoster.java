package io.daifa.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Posts one delivery to a supplier's endpoint, signed ({@link WebhookSignature}), with the headers
 * {@code Daifa-Delivery} (the delivery ID, the same on every attempt) and {@code Daifa-Event}; any
 * 2xx answer is a delivery. Redirects are not followed. Non-blocking, so that a slow endpoint holds
 * a connection, never a thread.
 */
public final class WebhookPoster {

  public static final String DELIVERY_HEADER = "Daifa-Delivery";
  public static final String EVENT_HEADER = "Daifa-Event";

  /**
   * How an attempt ended: {@code summary} is what the delivery log shows ("HTTP 200", "HTTP 503",
   * "timed out after 10s" …); a {@code permanent} failure is not retried.
   */
  public record Result(boolean delivered, boolean permanent, String summary) {

    static Result answered(int status) {
      return new Result(status >= 200 && status < 300, false, "HTTP " + status);
    }

    static Result failed(String why) {
      return new Result(false, false, why);
    }
  }

  private final HttpClient client;
  private final WebhookSettings settings;
  private final WebhookTargets targets;
  private final Executor blocking;
  private final Clock clock;

  public WebhookPoster(WebhookSettings settings, Executor blocking, Clock clock) {
    this.settings = settings;
    this.targets = new WebhookTargets(settings);
    this.blocking = blocking;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.timeout())
            .executor(blocking)
            .build();
  }

  public CompletionStage<Result> post(WebhookEndpoint endpoint, WebhookDelivery delivery) {
    URI uri;
    try {
      uri = URI.create(endpoint.url());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(new Result(false, true, "not a URL"));
    }
    return CompletableFuture.supplyAsync(() -> targets.refusedAddress(uri), blocking)
        .thenCompose(
            refused ->
                refused != null
                    ? CompletableFuture.completedFuture(new Result(false, true, refused))
                    : send(uri, endpoint.secret(), delivery));
  }

  private CompletionStage<Result> send(URI uri, String secret, WebhookDelivery delivery) {
    long now = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Daifa-Webhooks/1")
            .header(WebhookSignature.HEADER, WebhookSignature.header(secret, now, delivery.body()))
            .header(DELIVERY_HEADER, delivery.deliveryId())
            .header(EVENT_HEADER, delivery.type())
            .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, failure) ->
                failure == null ? Result.answered(response.statusCode()) : failed(failure));
  }

  private Result failed(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof HttpConnectTimeoutException) {
      return Result.failed("could not connect within " + settings.timeout().toSeconds() + "s");
    }
    if (cause instanceof HttpTimeoutException) {
      return Result.failed("no answer within " + settings.timeout().toSeconds() + "s");
    }
    String message = cause.getMessage();
    return Result.failed(
        cause.getClass().getSimpleName() + (message == null ? "" : ": " + truncate(message)));
  }

  private static String truncate(String message) {
    return message.length() <= 200 ? message : message.substring(0, 200);
  }
}
