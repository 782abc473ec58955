package io.daifa.http;

import io.daifa.common.ClusterMembers;
import io.daifa.common.ErrorCode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/** {@code /health}, {@code /ready}, {@code /metrics} and {@code /openapi.yaml}, open to all. */
final class OperationsRoutes extends AllDirectives {

  private static final ContentType.WithFixedCharset YAML =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8));
  private static final ContentType.WithFixedCharset PROMETHEUS =
      ContentTypes.create(
          MediaTypes.customWithFixedCharset(
              "text", "plain", HttpCharsets.UTF_8, Map.of("version", "0.0.4"), false));

  private final ActorSystem<?> system;
  private final CassandraSession session;
  private final PrometheusMeterRegistry registry;
  private final String openApi;
  private final Supplier<Map<String, Object>> consumers;

  OperationsRoutes(
      ActorSystem<?> system,
      CassandraSession session,
      PrometheusMeterRegistry registry,
      Supplier<Map<String, Object>> consumers) {
    this.system = system;
    this.session = session;
    this.registry = registry;
    this.consumers = consumers;
    this.openApi = resource("/openapi.yaml");
  }

  Route routes() {
    return get(
        () ->
            concat(
                path("health", () -> complete(Responses.json(200, Map.of("status", "UP")))),
                path("ready", () -> completeWithFuture(readiness())),
                path(
                    "metrics",
                    () ->
                        complete(HttpResponse.create().withEntity(PROMETHEUS, registry.scrape()))),
                path(
                    "openapi.yaml",
                    () -> complete(HttpResponse.create().withEntity(YAML, openApi)))));
  }

  /**
   * Ready when this node is up in its cluster and Cassandra answers a query within 1 s; the answer
   * says how many routers are up in the cluster, as this node sees it, and what its order consumers
   * are doing.
   */
  private CompletionStage<HttpResponse> readiness() {
    Cluster cluster = Cluster.get(system);
    if (cluster.selfMember().status() != MemberStatus.up()) {
      return CompletableFuture.completedFuture(notReady("this node is not up in its cluster"));
    }
    int up = ClusterMembers.up(system);
    return session
        .selectOne("SELECT release_version FROM system.local")
        .toCompletableFuture()
        .orTimeout(Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (row, failure) ->
                failure == null && row.isPresent()
                    ? Responses.json(200, ready(up))
                    : notReady("Cassandra does not answer"));
  }

  /**
   * The ready answer: the routers up, and each order consumer's state (a consumer that is
   * restarting does not make the node unready: its HTTP intake still takes orders).
   */
  private Map<String, Object> ready(int up) {
    Map<String, Object> answer = new java.util.LinkedHashMap<>();
    answer.put("status", "READY");
    answer.put("members", up);
    answer.putAll(consumers.get());
    return answer;
  }

  private static HttpResponse notReady(String detail) {
    return Responses.problem(Problem.of(ErrorCode.UNAVAILABLE, detail, null));
  }

  private static String resource(String name) {
    try (InputStream in = OperationsRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
