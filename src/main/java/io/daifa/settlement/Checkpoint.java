package io.daifa.settlement;

import io.daifa.common.CborSerializable;

/**
 * How far a settlement has read: its phase, the bucket within it, and the last line read there
 * ({@code ""} before the first). Each phase reads the buckets of one table in key order.
 */
public record Checkpoint(
    Phase phase, int bucket, String afterOrderId, String afterShopId, String afterLineId)
    implements CborSerializable {

  public enum Phase {
    /** Lines earlier runs carried over: deferred by a dispute, or with an incentive held. */
    CARRIED,
    /** Lines received in the cycle. */
    RECEIVED,
    /** Refunds, to claw back what settled lines accrued. */
    CLAIMS,
    /** Nothing left to read. */
    DONE
  }

  public static final Checkpoint START = new Checkpoint(Phase.CARRIED, 0, "", "", "");

  public Checkpoint after(WorkRow row) {
    return new Checkpoint(phase, bucket, row.orderId(), row.shopId(), row.lineId());
  }

  /** The start of the next bucket, or of the next phase after the last bucket. */
  public Checkpoint nextBucket() {
    if (bucket + 1 < SettlementBuckets.COUNT) {
      return new Checkpoint(phase, bucket + 1, "", "", "");
    }
    return new Checkpoint(Phase.values()[phase.ordinal() + 1], 0, "", "", "");
  }

  public boolean isDone() {
    return phase == Phase.DONE;
  }

  /** A page's ID: the cycle and where the page starts, the same however often it is replayed. */
  public String pageId(String cycle) {
    return cycle
        + "/"
        + phase
        + "/"
        + bucket
        + "/"
        + afterOrderId
        + "/"
        + afterShopId
        + "/"
        + afterLineId;
  }
}
