package io.daifa.readside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

/** A restarted projection instance reads its tag again from a while before its stored offset. */
class RereadingTagSourceTest {

  /** The tag source underneath: remembers the offset it was started from. */
  private static final class StartedFrom extends SourceProvider<Offset, EventEnvelope<Object>> {
    Optional<Offset> offset;

    @Override
    public CompletionStage<Source<EventEnvelope<Object>, NotUsed>> source(
        Supplier<CompletionStage<Optional<Offset>>> offsetAsync) {
      return offsetAsync
          .get()
          .thenApply(
              stored -> {
                offset = stored;
                return Source.empty();
              });
    }

    @Override
    public Offset extractOffset(EventEnvelope<Object> envelope) {
      return envelope.offset();
    }

    @Override
    public long extractCreationTime(EventEnvelope<Object> envelope) {
      return envelope.timestamp();
    }
  }

  private static Optional<Offset> startedFrom(Optional<Offset> stored) {
    StartedFrom tags = new StartedFrom();
    new RereadingTagSource(tags, Duration.ofSeconds(60))
        .source(() -> CompletableFuture.completedFuture(stored))
        .toCompletableFuture()
        .join();
    return tags.offset;
  }

  @Test
  void aStoredTimeIsReadAgainFromAMinuteBefore() {
    long storedMillis = 1_796_394_600_123L;
    Offset stored = Offset.timeBasedUUID(Uuids.startOf(storedMillis));

    TimeBasedUUID from = (TimeBasedUUID) startedFrom(Optional.of(stored)).orElseThrow();

    assertEquals(storedMillis - 60_000, Uuids.unixTimestamp(from.value()));
    assertEquals(1, from.value().version());
  }

  @Test
  void withoutAStoredOffsetTheTagIsReadFromItsBeginning() {
    assertEquals(Optional.empty(), startedFrom(Optional.empty()));
  }

  @Test
  void anOffsetThatIsNoTimeIsKept() {
    Offset sequence = Offset.sequence(42);
    assertEquals(Optional.of(sequence), startedFrom(Optional.of(sequence)));
  }
}
