package io.daifa.common;

/**
 * When an entity whose snapshot grows with its state takes the next one: after {@code everyEvents}
 * events or {@code everyOrders} orders, as any entity does to bound its replay, but never before as
 * many events and orders as the snapshot will hold. A snapshot writes the whole state; taken every
 * 1,000 events, a supplier holding 200,000 open orders wrote them all again for every few thousand
 * it received. Paced by its size, a snapshot costs at most one held item's bytes per event or order
 * since the last one, and a recovery replays at most about as much as it loads.
 *
 * <p>The count restarts with the entity, which only delays the next snapshot.
 */
public final class SnapshotPace {

  private final long everyEvents;
  private final long everyOrders;
  private long events;
  private long orders;

  public SnapshotPace(long everyEvents, long everyOrders) {
    if (everyEvents <= 0 || everyOrders <= 0) {
      throw new IllegalArgumentException("snapshot intervals must be positive");
    }
    this.everyEvents = everyEvents;
    this.everyOrders = everyOrders;
  }

  /**
   * Counts one persisted event carrying {@code ordersInEvent} orders; true, and the count starts
   * again, when a snapshot holding {@code held} items is due.
   */
  public boolean due(int ordersInEvent, long held) {
    events++;
    orders += ordersInEvent;
    boolean intervalPassed = events >= everyEvents || orders >= everyOrders;
    if (!intervalPassed || events + orders < held) {
      return false;
    }
    events = 0;
    orders = 0;
    return true;
  }
}
