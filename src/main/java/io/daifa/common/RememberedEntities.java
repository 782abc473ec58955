package io.daifa.common;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.japi.function.Function;

/**
 * How the entities that owe others deliveries (shops, suppliers) run on Cluster Sharding:
 * remembered, so that one with messages still to deliver comes back after a restart and delivers
 * them; leaving when idle and owing nothing ({@link IdlePassivation}); with timers for redelivery.
 */
public final class RememberedEntities {

  /**
   * A failed journal write stops the entity (its state may be behind the journal); it comes back
   * with backoff and recovers, so that it serves again as soon as storage does.
   */
  public static final BackoffSupervisorStrategy PERSIST_FAILURE_BACKOFF =
      SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

  private RememberedEntities() {}

  /** Makes one entity from what its incarnation provides. */
  @FunctionalInterface
  public interface Maker<C> {
    Behavior<C> make(
        ActorContext<C> context,
        Recoveries recoveries,
        TimerScheduler<C> timers,
        IdlePassivation<C> passivation);
  }

  /**
   * One entity's behavior. {@code sharded} is null outside sharding (unit tests): the entity then
   * never passivates itself; in sharding it is sent {@code idle} after a quiet period.
   */
  public static <C> Behavior<C> behavior(
      EntitySettings settings, C idle, EntityContext<C> sharded, Maker<C> maker) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    maker.make(
                        ctx,
                        Recoveries.get(ctx.getSystem()),
                        timers,
                        sharded == null
                            ? IdlePassivation.off()
                            : IdlePassivation.after(
                                settings.passivateIdleAfter(), idle, ctx, sharded))));
  }

  /** Starts the entity type on Cluster Sharding; sharding stops an entity with {@code stop}. */
  public static <C> void init(
      ActorSystem<?> system,
      EntityTypeKey<C> key,
      C stop,
      Function<EntityContext<C>, Behavior<C>> create) {
    ClusterSharding.get(system)
        .init(
            Entity.of(key, create)
                .withStopMessage(stop)
                .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true)));
  }
}
