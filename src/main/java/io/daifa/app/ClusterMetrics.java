package io.daifa.app;

import io.daifa.common.ClusterMembers;
import io.daifa.shop.ShopEntity;
import io.daifa.supplier.SupplierEntity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * {@code daifa_cluster_members} (routers up, as this node sees them) and {@code
 * daifa_sharding_shards{entity}} (the shops' and suppliers' shards this node hosts, asked of its
 * regions every 10 s): what a dashboard shows of the cluster and of how its work is spread.
 */
final class ClusterMetrics {

  private static final Duration EVERY = Duration.ofSeconds(10);

  private final Map<String, Integer> shards = new ConcurrentHashMap<>();

  ClusterMetrics(ActorSystem<?> system, MeterRegistry registry) {
    Gauge.builder("daifa.cluster.members", system, ClusterMembers::up)
        .description("Routers up in the cluster, as this node sees it")
        .register(registry);
    ClusterSharding sharding = ClusterSharding.get(system);
    for (EntityTypeKey<?> key :
        java.util.List.of(ShopEntity.ENTITY_TYPE_KEY, SupplierEntity.ENTITY_TYPE_KEY)) {
      String entity = key.name();
      shards.put(entity, 0);
      Gauge.builder("daifa.sharding.shards", shards, s -> s.getOrDefault(entity, 0))
          .description("Shards of this entity type hosted by this node")
          .tag("entity", entity)
          .register(registry);
      system
          .scheduler()
          .scheduleWithFixedDelay(
              Duration.ZERO,
              EVERY,
              () ->
                  AskPattern.<ClusterShardingQuery, CurrentShardRegionState>ask(
                          sharding.shardState(),
                          replyTo -> new GetShardRegionState(key, replyTo),
                          EVERY,
                          system.scheduler())
                      .thenAccept(state -> shards.put(entity, state.getShards().size())),
              system.executionContext());
    }
  }
}
