package io.daifa.readside;

import io.daifa.shop.OwedBatch;
import io.daifa.shop.ReadSidePort;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopEntity;
import io.daifa.shop.ShopEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The shops' read-side port on this node: batches go to the node's {@link ReadSideWriter}, and a
 * shop's owed batches are read back from its journal after a recovery.
 */
public final class ShopReadSide implements ReadSidePort {

  private final ActorSystem<?> system;
  private final ActorRef<ReadSideWriter.Command> writer;
  private final CassandraReadJournal journal;

  public ShopReadSide(ActorSystem<?> system, ActorRef<ReadSideWriter.Command> writer) {
    this.system = system;
    this.writer = writer;
    this.journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  @Override
  public void project(String shopId, List<OwedBatch> batches, ActorRef<ShopCommand> replyTo) {
    writer.tell(new ReadSideWriter.Project(shopId, batches, replyTo));
  }

  @Override
  public CompletionStage<ReadBack> readBack(String shopId, long fromSeqNr, int maxEvents) {
    String persistenceId = PersistenceId.of(ShopEntity.ENTITY_TYPE_KEY.name(), shopId).id();
    return journal
        .currentEventsByPersistenceId(persistenceId, fromSeqNr, Long.MAX_VALUE)
        .take(maxEvents)
        .runWith(Sink.seq(), system)
        .thenApply(
            envelopes -> {
              List<OwedBatch> batches = new ArrayList<>();
              long readThrough = fromSeqNr - 1;
              for (EventEnvelope envelope : envelopes) {
                readThrough = envelope.sequenceNr();
                if (envelope.event() instanceof ShopEvent.OrdersRouted batch
                    && batch.fedDirectly()) {
                  batches.add(new OwedBatch(envelope.sequenceNr(), batch));
                }
              }
              return new ReadBack(batches, readThrough, envelopes.size() < maxEvents);
            });
  }
}
