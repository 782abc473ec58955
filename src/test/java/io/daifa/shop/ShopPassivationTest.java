package io.daifa.shop;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.daifa.app.RecordingPorts;
import io.daifa.common.Ack;
import io.daifa.common.EntitySettings;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ModeChange;
import io.daifa.supplier.SupplierCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A shop on Cluster Sharding with remembered entities: one that owes nothing leaves after it has
 * been idle (so that a restart does not recover it), one with a dispatch still unacknowledged
 * stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopPassivationTest {

  private static final Duration IDLE = Duration.ofMillis(800);
  private static final Duration ASK = Duration.ofSeconds(5);

  private final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  """
                  pekko.actor.provider = cluster
                  pekko.remote.artery.canonical.hostname = 127.0.0.1
                  pekko.remote.artery.canonical.port = 0
                  pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                  pekko.cluster.sharding.remember-entities-store = eventsourced
                  pekko.cluster.sharding.distributed-data.durable.keys = []
                  """)
              .withFallback(EntityTestSupport.config()));

  private final ClusterSharding sharding = ClusterSharding.get(testKit.system());

  ShopPassivationTest() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    EntitySettings idleSoon = EntityTestSupport.settings(IDLE, false);
    Outbox<SupplierCommand> neverAcknowledged = new Outbox<>();
    ShopEntity.init(
        testKit.system(),
        ShopWiring.of(
            idleSoon,
            new TestClock(Instant.parse("2026-11-11T00:00:00Z")),
            RecordingPorts.suppliers(neverAcknowledged)));
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private EntityRef<ShopCommand> shop(String shopId) {
    return sharding.entityRefFor(ShopEntity.ENTITY_TYPE_KEY, shopId);
  }

  private Set<String> runningShops() {
    TestProbe<CurrentShardRegionState> probe = testKit.createTestProbe();
    sharding.shardState().tell(new GetShardRegionState(ShopEntity.ENTITY_TYPE_KEY, probe.ref()));
    Set<String> running = new HashSet<>();
    probe.receiveMessage(ASK).getShards().forEach(shard -> running.addAll(shard.getEntityIds()));
    return running;
  }

  @Test
  void aQuietShopThatOwesNothingLeavesAndOneWithAnUnacknowledgedDispatchStays() {
    EntityRef<ShopCommand> quiet = shop("shp_quiet");
    quiet
        .<Outcome<Ack>>ask(r -> new ShopCommand.Register("Quiet", r), ASK)
        .toCompletableFuture()
        .join();
    EntityRef<ShopCommand> owing = shop("shp_owing");
    owing
        .<Outcome<Ack>>ask(r -> new ShopCommand.Register("Owing", r), ASK)
        .toCompletableFuture()
        .join();
    owing.tell(new ShopCommand.ConfirmBindingApproval("sup_a", "req-1", "n-1"));
    owing
        .<Outcome<ModeChange>>ask(
            r -> new ShopCommand.SetMode(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), false, r),
            ASK)
        .toCompletableFuture()
        .join();
    ShopCommand.IngestResult routed =
        owing
            .<ShopCommand.IngestResult>ask(
                r ->
                    new ShopCommand.IngestOrders(1, List.of(order("o-1", "shp_owing", "spu-1")), r),
                ASK)
            .toCompletableFuture()
            .join();
    assertInstanceOf(Outcome.Done.class, routed.outcomes().get(0));
    assertTrue(runningShops().containsAll(Set.of("shp_quiet", "shp_owing")));

    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              assertEquals(Set.of("shp_owing"), runningShops(), "the quiet shop has left");
              return null;
            });

    // Three more idle periods: the shop owing a dispatch is still there, and it starts again.
    testKit.createTestProbe().expectNoMessage(IDLE.multipliedBy(3));
    assertEquals(Set.of("shp_owing"), runningShops());
    ShopState state =
        quiet.<ShopState>ask(ShopCommand.GetState::new, ASK).toCompletableFuture().join();
    assertTrue(state.isRegistered(), "a message starts the quiet shop again with its state");
  }
}
