package io.daifa.loadtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.daifa.store.OrderBuckets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * How far the order read side is behind, seen from outside it: every {@link #MARK_EVERY_MILLIS} the
 * run marks the order just stored, and an order whose row can be read is projected. The lag is the
 * time of the newest stored order minus the time the oldest marked order still unreadable was
 * stored; zero when every marked order can be read. Whichever way a batch reaches the read side
 * (from its shop, or from a tag), this is what a reader of the read side sees.
 */
final class ReadSideLag {

  static final long MARK_EVERY_MILLIS = 100;

  private record Mark(long storedMillis, String orderId) {}

  private final CqlSession session;
  private final PreparedStatement row;
  private final OrderBuckets buckets;
  private final ConcurrentLinkedDeque<Mark> unread = new ConcurrentLinkedDeque<>();
  private volatile long lastMarkMillis;

  ReadSideLag(CqlSession session, String keyspace, OrderBuckets buckets) {
    this.session = session;
    this.buckets = buckets;
    this.row =
        session.prepare(
            "SELECT order_id FROM "
                + keyspace
                + ".order_lines WHERE bucket = ? AND order_id = ?"
                + " LIMIT 1");
  }

  /** An order was stored at {@code atMillis}: it becomes a mark if none was made for a while. */
  void stored(String orderId, long atMillis) {
    if (atMillis - lastMarkMillis >= MARK_EVERY_MILLIS) {
      lastMarkMillis = atMillis; // two threads may both mark: one mark more, no harm
      unread.addLast(new Mark(atMillis, orderId));
    }
  }

  /** The lag behind the newest order, stored at {@code newestMillis}. */
  synchronized Duration behind(long newestMillis) {
    Mark oldest;
    while ((oldest = unread.peekFirst()) != null && readable(oldest.orderId())) {
      unread.pollFirst();
    }
    return oldest == null
        ? Duration.ZERO
        : Duration.ofMillis(Math.max(0, newestMillis - oldest.storedMillis()));
  }

  private boolean readable(String orderId) {
    return session
            .execute(row.bind(buckets.of(orderId), orderId).setTimeout(Duration.ofSeconds(2)))
            .one()
        != null;
  }
}
