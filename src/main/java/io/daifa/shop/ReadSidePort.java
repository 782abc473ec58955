package io.daifa.shop;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where a shop hands its routed batches to the read side ({@link ShopReadFeed}). Wired in {@code
 * app/} to the node's read-side writer and the journal; in unit tests, {@link #NONE}.
 */
public interface ReadSidePort {

  /** For entity tests without a read side: every batch is projected at once, nothing is owed. */
  ReadSidePort NONE =
      new ReadSidePort() {
        @Override
        public void project(String shopId, List<OwedBatch> batches, ActorRef<ShopCommand> replyTo) {
          replyTo.tell(new ShopCommand.ReadSideProjected(batches.get(batches.size() - 1).seqNr()));
        }

        @Override
        public CompletionStage<ReadBack> readBack(String shopId, long fromSeqNr, int maxEvents) {
          return CompletableFuture.completedFuture(new ReadBack(List.of(), fromSeqNr - 1, true));
        }
      };

  /**
   * Projects these batches of the shop, in sequence order; once they are stored, answers {@link
   * ShopCommand.ReadSideProjected} with the last one's sequence number. Nothing is answered when
   * they could not be stored: the shop sends them again.
   */
  void project(String shopId, List<OwedBatch> batches, ActorRef<ShopCommand> replyTo);

  /**
   * The shop's batches fed directly from sequence number {@code fromSeqNr} on, read back from its
   * journal (after a recovery: they were not kept in memory), at most {@code maxEvents} events of
   * the journal read.
   */
  CompletionStage<ReadBack> readBack(String shopId, long fromSeqNr, int maxEvents);

  /**
   * What a read back found: the batches, the last sequence number it read ({@code fromSeqNr - 1} if
   * none), and whether it reached the end of the journal.
   */
  record ReadBack(List<OwedBatch> batches, long readThrough, boolean complete) {
    public ReadBack {
      batches = List.copyOf(batches);
    }
  }
}
