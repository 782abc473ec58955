package io.daifa.it;

import com.sun.net.httpserver.HttpServer;
import io.daifa.webhook.WebhookPoster;
import io.daifa.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supplier's webhook endpoint on loopback, as a supplier would write one: it checks every
 * request's signature with the secret it shares (five minutes of tolerance), answers the first
 * {@code failures} requests 500, and holds every request until {@code hold} is released (an
 * endpoint slower than the sender's timeout). It keeps every request it got.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received, and whether its signature held. */
  record Received(
      String deliveryId, String event, String body, boolean signatureValid, Instant at) {}

  private final HttpServer server;
  private final String secret;
  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger failuresLeft;
  private final CountDownLatch hold;

  WebhookReceiver(String secret, int failures, CountDownLatch hold) throws IOException {
    this.secret = secret;
    this.failuresLeft = new AtomicInteger(failures);
    this.hold = hold;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/hooks",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
          boolean valid =
              WebhookSignature.verify(secret, signature, body, Instant.now().getEpochSecond(), 300);
          synchronized (received) {
            received.add(
                new Received(
                    exchange.getRequestHeaders().getFirst(WebhookPoster.DELIVERY_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookPoster.EVENT_HEADER),
                    body,
                    valid,
                    Instant.now()));
          }
          try {
            hold.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          int status = !valid ? 400 : failuresLeft.getAndDecrement() > 0 ? 500 : 204;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** A receiver that answers at once. */
  WebhookReceiver(String secret, int failures) throws IOException {
    this(secret, failures, new CountDownLatch(0));
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  String secret() {
    return secret;
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
