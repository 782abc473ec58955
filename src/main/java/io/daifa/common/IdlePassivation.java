package io.daifa.common;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Lets a remembered entity leave once it has been quiet for a while and owes nothing.
 *
 * <p>Sharding starts every remembered entity again on every boot, all at once. Shops and suppliers
 * are remembered so that what they still owe others (dispatches, notices) is delivered after a
 * restart; an entity remembered for ever makes each restart recover every shop and supplier the
 * node has served, and the busy ones wait for the idle ones. An entity that owes nothing has no
 * reason to come back by itself: after {@code after} without a message it asks its shard to
 * passivate it, which also drops it from the remembered set; its next message starts it again.
 *
 * @param <C> the entity's command type
 */
public final class IdlePassivation<C> {

  private static final IdlePassivation<?> OFF = new IdlePassivation<>(null, null, null);

  private final ActorRef<C> self;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final EntityRef<C> viaSharding;

  /** This incarnation has asked to leave: the next stop message answers that, not a hand-off. */
  private boolean asked;

  private IdlePassivation(
      ActorRef<C> self, ActorRef<ClusterSharding.ShardCommand> shard, EntityRef<C> viaSharding) {
    this.self = self;
    this.shard = shard;
    this.viaSharding = viaSharding;
  }

  /** For an entity outside sharding (unit tests): never leaves. */
  @SuppressWarnings("unchecked")
  public static <C> IdlePassivation<C> off() {
    return (IdlePassivation<C>) OFF;
  }

  /**
   * Sends {@code idle} to the entity after {@code after} without a message (and again after each
   * further such period); a zero duration turns passivation off.
   */
  public static <C> IdlePassivation<C> after(
      Duration after, C idle, ActorContext<C> context, EntityContext<C> entity) {
    if (after.isZero()) {
      return off();
    }
    context.setReceiveTimeout(after, idle);
    EntityRef<C> viaSharding =
        ClusterSharding.get(context.getSystem())
            .entityRefFor(entity.getEntityTypeKey(), entity.getEntityId());
    return new IdlePassivation<>(context.getSelf(), entity.getShard(), viaSharding);
  }

  /** On the idle message: asks to leave if nothing is owed; otherwise waits for the next one. */
  public void onIdle(boolean owesNothing) {
    if (shard != null && owesNothing && !asked) {
      asked = true;
      shard.tell(new ClusterSharding.Passivate<>(self));
    }
  }

  /**
   * On sharding's stop message, just before stopping. A message taken between the idle check and
   * the stop may have made something owed after all; then {@code wake} goes to this entity through
   * sharding, which holds it until the stop is done, then starts the entity again and remembers it.
   * A stop that hands the shard over (a rebalance, a shutdown) needs none: the entity stays
   * remembered, and a wake would hold the region's shutdown until it timed out.
   */
  public void beforeStop(boolean owesNothing, C wake) {
    if (asked && !owesNothing) {
      viaSharding.tell(wake);
    }
  }
}
