package io.daifa.bench;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;

/**
 * A journal that confirms every write at once and keeps nothing, for the in-memory pipeline
 * benchmark: Pekko's in-memory journal keeps every event, so the benchmark's heap filled with every
 * order of every iteration and later iterations measured full garbage collections (pauses of up to
 * half a second, iterations from 11,000 to 86,000 orders/s). Entities are never recovered in the
 * benchmark: each iteration takes new shops and suppliers.
 */
public final class DiscardingJournal extends AsyncWriteJournal {

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    return Futures.successful(List.of()); // empty: every write succeeded
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return Futures.successful(null);
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    return Futures.successful(null);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return Futures.successful(0L);
  }
}
