package io.daifa.faults;

import io.daifa.loadtest.OrderJson;
import io.daifa.order.Order;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The suite's HTTP client, a plain JDK one as any platform's would be. A connection that fails
 * (router down, killed mid-request) is an answer with status 0, never an exception.
 */
final class FaultClient {

  /** What one request got back, and how long it took. */
  record Answer(int status, String body, long nanos, boolean retryAfter) {
    double millis() {
      return nanos / 1e6;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String baseUrl;

  FaultClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Answer get(String path, String key) {
    return send(request(path, key).GET().build());
  }

  Answer post(String path, String key, String body) {
    return send(
        request(path, key)
            .header("Content-Type", "application/json")
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  Answer postOrder(Order order) {
    return post("/v1/orders", RouterProcess.INGEST_KEY, OrderJson.write(order));
  }

  /**
   * Sends the orders as one NDJSON stream and gives each result line to the ledger as it arrives
   * (the stream answers in order). A stream broken by a kill ends early: the orders after the last
   * line read stay unanswered.
   */
  void stream(List<Order> orders, Ledger ledger) {
    StringBuilder body = new StringBuilder(orders.size() * 400);
    for (Order order : orders) {
      ledger.sending(order);
      body.append(OrderJson.write(order)).append('\n');
    }
    HttpRequest request =
        request("/v1/orders/stream", RouterProcess.INGEST_KEY)
            .timeout(Duration.ofMinutes(10))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<Stream<String>> response =
          http.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        ledger.streamRefused(response.statusCode());
        response.body().close();
        return;
      }
      Iterator<Order> next = orders.iterator();
      try (Stream<String> lines = response.body()) {
        lines.forEach(line -> ledger.streamLine(next.next(), line));
      }
    } catch (IOException | RuntimeException broken) {
      // the router went away mid-stream: what was read is kept
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The router's heap in use, in MiB, from its {@code /metrics}; -1 if it does not answer. */
  long heapUsedMb() {
    Answer metrics = get("/metrics", null);
    if (metrics.status() != 200) {
      return -1;
    }
    double bytes = 0;
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
        bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) (bytes / (1024 * 1024));
  }

  private HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    return key == null ? builder : builder.header("Authorization", "Bearer " + key);
  }

  private Answer send(HttpRequest request) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.body(),
          System.nanoTime() - start,
          response.headers().firstValue("Retry-After").isPresent());
    } catch (IOException e) {
      return new Answer(0, e.toString(), System.nanoTime() - start, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted", System.nanoTime() - start, false);
    }
  }
}
