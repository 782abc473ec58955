package io.daifa.app;

import com.typesafe.config.Config;
import io.daifa.account.AccountEntity;
import io.daifa.agency.AgencyEntity;
import io.daifa.common.EntitySettings;
import io.daifa.http.Authenticator;
import io.daifa.http.DepositPolicies;
import io.daifa.http.Entities;
import io.daifa.http.HttpApi;
import io.daifa.http.OrderLines;
import io.daifa.http.OrderMetrics;
import io.daifa.ingest.IngestBatcher;
import io.daifa.kafka.KafkaIngest;
import io.daifa.kafka.KafkaSettings;
import io.daifa.market.MarketIndex;
import io.daifa.market.MarketTaxonomy;
import io.daifa.policy.DepositPolicyEntity;
import io.daifa.policy.PolicyFile;
import io.daifa.readside.MarketFeed;
import io.daifa.readside.OrderProjection;
import io.daifa.readside.OrderReadStore;
import io.daifa.settlement.SettlementEntity;
import io.daifa.settlement.SettlementStore;
import io.daifa.settlement.Settlements;
import io.daifa.shop.ReadSidePort;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopEntity;
import io.daifa.shop.ShopWiring;
import io.daifa.store.IntakeLogStats;
import io.daifa.store.JournalWarmup;
import io.daifa.store.OrderBuckets;
import io.daifa.supplier.ScorecardPolicy;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierEntity;
import io.daifa.supplier.SupplierWiring;
import io.daifa.webhook.WebhookSettings;
import io.daifa.webhook.WebhookStore;
import io.daifa.webhook.WebhookTargets;
import io.daifa.webhook.WebhookWorkers;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * One router node: the actor system, joined to its cluster (itself, when no seed nodes are
 * configured), with the entities started on Cluster Sharding, the order projection running, the
 * HTTP API bound and, when configured, orders consumed from Kafka.
 */
public final class DaifaNode implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final ClusterSharding sharding;
  private final Entities entities;
  private final ServerBinding http;
  private final RoleKeys keys;
  private final KafkaIngest kafka;

  private DaifaNode(
      ActorSystem<Void> system,
      Entities entities,
      ServerBinding http,
      RoleKeys keys,
      KafkaIngest kafka) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.entities = entities;
    this.http = http;
    this.keys = keys;
    this.kafka = kafka;
  }

  /** Starts the node and returns once this member is up. */
  public static DaifaNode start(Config config, Clock clock) throws TimeoutException {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "daifa", config);
    try {
      Cluster cluster = Cluster.get(system);
      if (ClusterBootstrapConfig.enabled(config)) {
        startClusterBootstrap(system);
      } else if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      awaitUp(cluster, Duration.ofSeconds(90));
      Config daifa = config.getConfig("daifa");
      RoleKeys keys = RoleKeys.from(daifa);
      EntitySettings settings = EntitySettings.fromConfig(daifa);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      ClusterSharding sharding = ClusterSharding.get(system);
      String keyspace = daifa.getString("cassandra.keyspace");
      ReadSidePort readSide = OrderProjection.init(system, keyspace, new ReadSideMetrics(registry));
      ShopEntity.init(
          system,
          new ShopWiring(
              settings,
              clock,
              EntityPorts.suppliers(sharding),
              readSide,
              new ShopMetrics(registry),
              config.getString("daifa.entities.shop-journal")));
      SupplierEntity.init(
          system,
          new SupplierWiring(
              settings,
              clock,
              EntityPorts.shops(sharding),
              config.getString("daifa.entities.supplier-journal")));
      AccountEntity.init(system, clock);
      AgencyEntity.init(system, settings, clock);
      DepositPolicyEntity.init(system, clock);
      SettlementEntity.init(system, settings.snapshotEvery(), clock);
      WebhookSettings webhookSettings = WebhookSettings.fromConfig(daifa.getConfig("webhooks"));
      WebhookStore webhooks = new WebhookStore(OrderProjection.session(system), keyspace);
      WebhookWorkers.init(system, webhooks, webhookSettings, clock);
      // Searches may see the market up to half a second old: the columns they scan are rebuilt at
      // most that often while listings and sales change (the feed itself is about 2 s behind).
      MarketIndex market = new MarketIndex(Duration.ofMillis(500), clock);
      new MarketFeed(market).start(system);
      new ClusterMetrics(system, registry);
      IntakeLogMetrics.bind(IntakeLogStats.get(Adapter.toClassic(system)), registry);
      awaitShardingRegistered(system, Duration.ofSeconds(60));
      JournalWarmup.run(
          system, Cluster.get(system).selfMember().address().hostPort(), Duration.ofSeconds(30));
      Duration askTimeout = daifa.getDuration("ask-timeout");
      Entities entities = entities(system, daifa, askTimeout);
      KafkaSettings kafkaSettings = KafkaSettings.fromConfig(daifa);
      AtomicReference<KafkaIngest> kafka = new AtomicReference<>();
      Supplier<Map<String, Object>> consumers =
          () ->
              !kafkaSettings.enabled()
                  ? Map.of()
                  : Map.of(
                      "kafka",
                      kafka.get() == null ? Map.of("state", "STARTING") : kafka.get().status());
      ServerBinding http =
          bindHttp(
              system,
              daifa,
              keys,
              keyspace,
              entities,
              clock,
              registry,
              consumers,
              market,
              webhooks,
              new WebhookTargets(webhookSettings));
      if (kafkaSettings.enabled()) {
        kafka.set(
            KafkaIngest.start(
                system,
                kafkaSettings,
                new OrderLines(entities, new OrderMetrics(registry)),
                registry));
      }
      return new DaifaNode(system, entities, http, keys, kafka.get());
    } catch (TimeoutException | RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * Starts Pekko Management (Cluster Bootstrap's contact point for the other routers) and Cluster
   * Bootstrap, which joins the cluster its discovery finds, or forms one with the others found.
   */
  private static void startClusterBootstrap(ActorSystem<Void> system) throws TimeoutException {
    try {
      PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted while starting Pekko Management");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "cannot start Pekko Management: " + e.getCause().getMessage(), e);
    }
    ClusterBootstrap.get(system).start();
  }

  /** The entities, with the intake batcher in front of the shops. */
  private static Entities entities(ActorSystem<Void> system, Config daifa, Duration askTimeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    ActorRef<IngestBatcher.Command> batcher =
        system.systemActorOf(
            IngestBatcher.create(
                IngestBatcher.through(sharding),
                IngestBatcher.Limits.fromConfig(daifa.getConfig("ingest"))),
            "ingest-batcher",
            Props.empty());
    return new Entities(sharding, askTimeout, batcher);
  }

  private static ServerBinding bindHttp(
      ActorSystem<Void> system,
      Config daifa,
      RoleKeys keys,
      String keyspace,
      Entities entities,
      Clock clock,
      PrometheusMeterRegistry registry,
      Supplier<Map<String, Object>> consumers,
      MarketIndex market,
      WebhookStore webhooks,
      WebhookTargets webhookTargets)
      throws TimeoutException {
    CassandraSession session = OrderProjection.session(system);
    OrderBuckets buckets = OrderBuckets.fromConfig(daifa);
    PolicyFile policies = PolicyFile.load(Path.of(daifa.getString("policies-file")));
    Settlements settlements =
        new Settlements(
            system,
            new SettlementStore(session, keyspace, buckets),
            new DepositPolicies(entities, policies.deposits())::versions,
            policies.incentives(),
            daifa.getDuration("ask-timeout").multipliedBy(4),
            clock);
    HttpApi api =
        new HttpApi(
            new HttpApi.Dependencies(
                system,
                entities,
                new Authenticator(keys.adminKey(), keys.ingestKey(), entities),
                new OrderReadStore(session, keyspace, buckets),
                session,
                registry,
                daifa.getString("http.public-url"),
                policies,
                settlements,
                clock,
                consumers,
                market,
                MarketTaxonomy.load(Path.of(daifa.getString("market-file"))),
                ScorecardPolicy.load(Path.of(daifa.getString("scorecard-file"))),
                webhooks,
                webhookTargets));
    try {
      return Http.get(system)
          .newServerAt(daifa.getString("http.host"), daifa.getInt("http.port"))
          .bind(api.route())
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted while binding HTTP");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot bind the HTTP API: " + e.getCause().getMessage(), e);
    }
  }

  /** The HTTP address actually bound (the port may have been chosen by the system). */
  public InetSocketAddress httpAddress() {
    return http.localAddress();
  }

  public RoleKeys keys() {
    return keys;
  }

  /** The entities as the HTTP API reaches them, for in-process callers (the load test). */
  public Entities entities() {
    return entities;
  }

  private static void awaitUp(Cluster cluster, Duration patience) throws TimeoutException {
    Instant deadline = Instant.now().plus(patience);
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (Instant.now().isAfter(deadline)) {
        throw new TimeoutException("this node did not join its cluster within " + patience);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted while joining the cluster");
      }
    }
  }

  /**
   * Waits until the shops' shard region knows its coordinator: before that, a request to an entity
   * would wait in the region's buffer. Until this node binds its HTTP API, {@code /ready} is not
   * answered at all.
   */
  private static void awaitShardingRegistered(ActorSystem<Void> system, Duration patience)
      throws TimeoutException {
    ClusterSharding sharding = ClusterSharding.get(system);
    Instant deadline = Instant.now().plus(patience);
    while (Instant.now().isBefore(deadline)) {
      try {
        ClusterShardingStats stats =
            AskPattern.<ClusterShardingQuery, ClusterShardingStats>ask(
                    sharding.shardState(),
                    replyTo ->
                        new GetClusterShardingStats(
                            ShopEntity.ENTITY_TYPE_KEY, Duration.ofSeconds(2), replyTo),
                    Duration.ofSeconds(3),
                    system.scheduler())
                .toCompletableFuture()
                .get();
        // An empty map: not every region answered in time; ask again.
        if (!stats.getRegions().isEmpty()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted while waiting for sharding");
      } catch (java.util.concurrent.ExecutionException e) {
        // no coordinator yet: ask again
      }
    }
    throw new TimeoutException("cluster sharding was not ready within " + patience);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public EntityRef<ShopCommand> shop(String shopId) {
    return sharding.entityRefFor(ShopEntity.ENTITY_TYPE_KEY, shopId);
  }

  public EntityRef<SupplierCommand> supplier(String supplierId) {
    return sharding.entityRefFor(SupplierEntity.ENTITY_TYPE_KEY, supplierId);
  }

  /** This node's Kafka consumer, when Kafka ingest is on. */
  public java.util.Optional<KafkaIngest> kafkaIngest() {
    return java.util.Optional.ofNullable(kafka);
  }

  /**
   * Stops reading orders from Kafka (letting those in progress finish and be committed), stops
   * taking requests, then stops the actor system, waiting up to 60 s.
   */
  @Override
  public void close() {
    if (kafka != null && !system.getWhenTerminated().toCompletableFuture().isDone()) {
      kafka.stop(Duration.ofSeconds(20));
    }
    try {
      http.unbind();
    } catch (RuntimeException alreadyStopped) {
      // the actor system stopped first (this node was removed from its cluster)
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the actor system did not stop within 60 s", e);
    }
  }
}
