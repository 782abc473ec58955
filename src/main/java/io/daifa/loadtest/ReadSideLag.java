package io.daifa.loadtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.daifa.order.OrderTags;
import java.time.Duration;
import java.util.UUID;

/**
 * How far the order read side is behind: the time of the newest stored order minus the time of the
 * oldest slice's last projected event (the projection's stored offset, a time-based UUID). Zero
 * when every slice has projected past the newest order.
 */
final class ReadSideLag {

  private final CqlSession session;
  private final PreparedStatement offsets;

  ReadSideLag(CqlSession session, String keyspace) {
    this.session = session;
    this.offsets =
        session.prepare(
            // A few rows in all: read them whole rather than depend on how the store partitions.
            "SELECT projection_name, offset FROM " + keyspace + ".offset_store");
  }

  /**
   * The lag behind the newest order stored at {@code newestMillis}; a slice that has projected
   * nothing yet is behind by everything since the first order, stored at {@code firstMillis}.
   */
  Duration behind(long firstMillis, long newestMillis) {
    long oldestProjected = Long.MAX_VALUE;
    int slices = 0;
    for (Row row : session.execute(offsets.bind().setTimeout(Duration.ofSeconds(2)))) {
      String offset = row.getString("offset");
      if ("orders".equals(row.getString("projection_name")) && offset != null) {
        oldestProjected = Math.min(oldestProjected, Uuids.unixTimestamp(UUID.fromString(offset)));
        slices++;
      }
    }
    long projected = slices < OrderTags.SLICES ? firstMillis : oldestProjected;
    return Duration.ofMillis(Math.max(0, newestMillis - projected));
  }
}
