package io.daifa.readside;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The order projection's tag source, started {@code reread} before the offset the projection
 * stored.
 *
 * <p>A tagged row can land long after its own time: when a router dies between writing a shop's
 * events and their tagged rows, the shop's recovery on another router writes the rows then, with
 * the events' original time (a cluster's failover takes 25-35 s). A running tag query still finds
 * them: the shop's next event shows it the gap in the shop's tag sequence. A query started after
 * their time never does, as it knows nothing of the shops it saw before its offset: the first event
 * it reads of a shop is taken for that shop's first. So a projection instance restarted during a
 * failover (moved to another router, or its handler failing while the agencies' router was down)
 * lost the orders of the dead router's last writes from every read view (ClusterIT, 2026-12-04).
 * Started earlier, the query learns the shops of that window and waits for their late rows. What it
 * reads again was projected before: the handler's writes carry the events' own timestamps, and an
 * agency counts each shop event once.
 */
final class RereadingTagSource extends SourceProvider<Offset, EventEnvelope<Object>> {

  private final SourceProvider<Offset, EventEnvelope<Object>> tags;
  private final Duration reread;

  RereadingTagSource(SourceProvider<Offset, EventEnvelope<Object>> tags, Duration reread) {
    this.tags = tags;
    this.reread = reread;
  }

  @Override
  public CompletionStage<Source<EventEnvelope<Object>, NotUsed>> source(
      Supplier<CompletionStage<Optional<Offset>>> offset) {
    return tags.source(() -> offset.get().thenApply(stored -> stored.map(this::rewound)));
  }

  /** The offset to start from: {@code reread} before a stored time; any other offset as it is. */
  Offset rewound(Offset stored) {
    if (stored instanceof TimeBasedUUID time) {
      return Offset.timeBasedUUID(
          Uuids.startOf(Uuids.unixTimestamp(time.value()) - reread.toMillis()));
    }
    return stored;
  }

  @Override
  public Offset extractOffset(EventEnvelope<Object> envelope) {
    return tags.extractOffset(envelope);
  }

  @Override
  public long extractCreationTime(EventEnvelope<Object> envelope) {
    return tags.extractCreationTime(envelope);
  }
}
