package io.daifa.app;

import com.typesafe.config.Config;
import io.daifa.common.EntitySettings;
import io.daifa.shop.ShopEntity;
import io.daifa.supplier.SupplierEntity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * One router node: the actor system, joined to its cluster (itself, when no seed nodes are
 * configured), with the shop and supplier entities started on Cluster Sharding.
 */
public final class DaifaNode implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  private DaifaNode(ActorSystem<Void> system, Duration askTimeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  /** Starts the node and returns once this member is up. */
  public static DaifaNode start(Config config, Clock clock) throws TimeoutException {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "daifa", config);
    try {
      Cluster cluster = Cluster.get(system);
      if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      awaitUp(cluster, Duration.ofSeconds(30));
      EntitySettings settings = EntitySettings.fromConfig(config.getConfig("daifa"));
      ShopEntity.init(system, settings, clock);
      SupplierEntity.init(system, settings, clock);
      return new DaifaNode(system, config.getDuration("daifa.ask-timeout"));
    } catch (TimeoutException | RuntimeException e) {
      system.terminate();
      throw e;
    }
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

  public ActorSystem<Void> system() {
    return system;
  }

  public Duration askTimeout() {
    return askTimeout;
  }

  public EntityRef<ShopEntity.Command> shop(String shopId) {
    return sharding.entityRefFor(ShopEntity.ENTITY_TYPE_KEY, shopId);
  }

  public EntityRef<SupplierEntity.Command> supplier(String supplierId) {
    return sharding.entityRefFor(SupplierEntity.ENTITY_TYPE_KEY, supplierId);
  }

  /** Leaves the cluster and stops the actor system, waiting up to 60 s. */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the actor system did not stop within 60 s", e);
    }
  }
}
