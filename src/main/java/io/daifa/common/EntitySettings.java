package io.daifa.common;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings shared by the entities, from {@code daifa.entities} in the configuration.
 *
 * @param inviteTtl how long an invite can be accepted (SPEC §2: 7 days)
 * @param dedupWindow how long order IDs, dispatches and notices are remembered (at least 72h)
 * @param redeliveryInterval how often unacknowledged dispatches and notices are sent again
 * @param redeliveryBatch the most messages one redelivery round sends
 * @param deliverAfterPersist send at once after persisting; off only in tests that simulate a crash
 *     between persist and forward
 * @param snapshotEvery take a snapshot every this many events
 * @param snapshotEveryOrders a shop or supplier also takes one after this many orders, so that one
 *     taking large batches replays at most about this many orders when it recovers (a supplier
 *     waits until its snapshot would hold no more than it replays: {@link SnapshotPace})
 * @param passivateIdleAfter a shop or supplier that owes nothing leaves memory, and the set that
 *     sharding starts on every boot, after this long without a message (zero: never)
 * @param salesTallyEvery how often a supplier with market listings publishes its sales figures,
 *     when they changed
 * @param groupDeliveries a supplier stores the deliveries that arrived while a write was in flight
 *     together in its next write; off only in unit tests that expect each delivery's event from its
 *     own command
 */
public record EntitySettings(
    Duration inviteTtl,
    Duration dedupWindow,
    Duration redeliveryInterval,
    int redeliveryBatch,
    boolean deliverAfterPersist,
    int snapshotEvery,
    int snapshotEveryOrders,
    Duration passivateIdleAfter,
    Duration salesTallyEvery,
    boolean groupDeliveries) {

  public static EntitySettings fromConfig(Config daifa) {
    Config c = daifa.getConfig("entities");
    return new EntitySettings(
        c.getDuration("invite-ttl"),
        c.getDuration("dedup-window"),
        c.getDuration("redelivery-interval"),
        c.getInt("redelivery-batch"),
        c.getBoolean("deliver-after-persist"),
        c.getInt("snapshot-every"),
        c.getInt("snapshot-every-orders"),
        c.getDuration("passivate-idle-after"),
        c.getDuration("sales-tally-every"),
        c.getBoolean("group-deliveries"));
  }
}
