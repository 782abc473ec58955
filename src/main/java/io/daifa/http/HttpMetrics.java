package io.daifa.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * HTTP latency by method, route and status. The route label is the path with every caller- or
 * server-chosen ID replaced by {@code {id}}, so that the number of series stays bounded.
 */
final class HttpMetrics {

  private static final Set<String> LITERALS =
      Set.of(
          "v1",
          "shops",
          "suppliers",
          "agencies",
          "invites",
          "accept",
          "binding-requests",
          "approve",
          "reject",
          "allocation",
          "mode",
          "products",
          "manual-queue",
          "orders",
          "lines",
          "assign",
          "receipt",
          "ship",
          "qr.png",
          "health",
          "ready",
          "metrics",
          "openapi.yaml",
          "stream",
          "refund",
          "disputes",
          "routing",
          "logistics",
          "reroute",
          "skus",
          "scorecard",
          "webhook",
          "deliveries",
          "redeliver",
          "docs");

  private final MeterRegistry registry;

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(HttpRequest request, HttpResponse response, long startNanos) {
    Timer.builder("daifa.http.server.requests")
        .description("HTTP requests by route and status")
        .tag("method", request.method().value())
        .tag("route", route(request.getUri().path()))
        .tag("status", Integer.toString(response.status().intValue()))
        .publishPercentileHistogram()
        .register(registry)
        .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  static String route(String path) {
    StringBuilder route = new StringBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        route.append('/').append(LITERALS.contains(segment) ? segment : "{id}");
      }
    }
    return route.length() == 0 ? "/" : route.toString();
  }
}
