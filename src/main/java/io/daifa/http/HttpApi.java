package io.daifa.http;

import io.daifa.market.MarketIndex;
import io.daifa.market.MarketTaxonomy;
import io.daifa.policy.PolicyFile;
import io.daifa.readside.OrderReads;
import io.daifa.settlement.Settlements;
import io.daifa.supplier.ScorecardPolicy;
import io.daifa.webhook.WebhookStore;
import io.daifa.webhook.WebhookTargets;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * The whole HTTP API in one route, composed in one place (the tests bind exactly this). Around
 * every resource: a 1 MiB body limit, problem+json for every error and rejection, and latency
 * metrics by route and status.
 */
public final class HttpApi extends AllDirectives {

  public static final long MAX_BODY_BYTES = 1024 * 1024;

  /**
   * Everything the routes need; {@code consumers} says what each order consumer of this node (Kafka
   * ingest) reports in {@code /ready}, by name.
   */
  public record Dependencies(
      ActorSystem<?> system,
      Entities entities,
      Authenticator authenticator,
      OrderReads reads,
      CassandraSession session,
      PrometheusMeterRegistry registry,
      String publicUrl,
      PolicyFile policies,
      Settlements settlements,
      Clock clock,
      Supplier<Map<String, Object>> consumers,
      MarketIndex market,
      MarketTaxonomy taxonomy,
      ScorecardPolicy scorecards,
      WebhookStore webhooks,
      WebhookTargets webhookTargets) {}

  private final Dependencies deps;

  public HttpApi(Dependencies deps) {
    this.deps = deps;
  }

  public Route route() {
    Authenticator auth = deps.authenticator();
    Entities entities = deps.entities();
    BindingRoutes binding = new BindingRoutes(auth, entities, deps.publicUrl());
    OrderIntake intake = new OrderIntake(entities, new OrderMetrics(deps.registry()));
    DepositPolicies deposits = new DepositPolicies(entities, deps.policies().deposits());
    Route resources =
        concat(
            new DocsRoutes().routes(),
            new OperationsRoutes(deps.system(), deps.session(), deps.registry(), deps.consumers())
                .routes(),
            new AccountRoutes(auth, entities, new IssuedKeys(deps.clock())).routes(),
            binding.routes(),
            new InviteQrRoutes(auth, entities, binding).routes(),
            new AllocationRoutes(auth, entities).routes(),
            new OrderStreamRoutes(auth, new OrderLines(entities, intake)).routes(),
            new OrderRoutes(
                    auth,
                    entities,
                    deps.reads(),
                    intake,
                    deps.system().settings().config().getDuration("daifa.read-side.catch-up"),
                    deps.system().settings().config().getDuration("daifa.ingest.rate-limited-hold"))
                .routes(),
            new AfterSaleRoutes(
                    auth,
                    entities,
                    deps.reads(),
                    deps.system().settings().config().getDuration("daifa.read-side.catch-up"),
                    deps.system().settings().config().getDuration("daifa.after-sale-period"),
                    deps.clock())
                .routes(),
            new AgencyRoutes(auth, entities, deposits, deps.policies().incentives(), deps.clock())
                .routes(),
            new PolicyRoutes(auth, entities, deposits).routes(),
            new MarketRoutes(auth, entities, deps.market(), deps.taxonomy()).routes(),
            new MarketPickRoutes(auth, entities, deps.market(), deps.publicUrl()).routes(),
            new StatsRoutes(auth, entities, deps.clock()).routes(),
            new OrderRoutingRoutes(auth, entities, deps.reads()).routes(),
            new RerouteRoutes(auth, entities, deps.reads()).routes(),
            new ScorecardRoutes(auth, entities, deps.scorecards(), deps.clock()).routes(),
            new WebhookRoutes(auth, entities, deps.webhooks(), deps.webhookTargets()).routes(),
            new SettlementRoutes(
                    auth,
                    entities,
                    deps.settlements(),
                    deps.system().settings().config().getDuration("daifa.settlement.answer-within"))
                .routes());
    HttpMetrics metrics = new HttpMetrics(deps.registry());
    ExceptionHandler failures =
        ExceptionHandler.newBuilder()
            .match(Throwable.class, t -> complete(Responses.failure(t)))
            .build();
    RejectionHandler rejections =
        RejectionHandler.defaultHandler().mapRejectionResponse(Responses::asProblem);
    return extractRequest(
        request -> {
          long start = System.nanoTime();
          return mapResponse(
              response -> {
                metrics.record(request, response, start);
                return response;
              },
              () ->
                  handleExceptions(
                      failures,
                      () ->
                          handleRejections(
                              rejections,
                              () ->
                                  withSizeLimit(
                                      MAX_BODY_BYTES,
                                      () -> handleExceptions(failures, () -> resources)))));
        });
  }
}
