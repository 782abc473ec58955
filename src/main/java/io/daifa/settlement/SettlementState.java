package io.daifa.settlement;

import io.daifa.common.CborSerializable;
import io.daifa.common.Persistent;
import java.time.Instant;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * A settlement cycle: whether it has started and completed, how far it has read, the page decided
 * but not yet carried out (null when none), and its figures so far.
 */
public record SettlementState(
    String cycle,
    String settlementMonth,
    Checkpoint checkpoint,
    SettlementPage pending,
    SettlementTotals totals,
    Map<String, SettlementTotals> byShop,
    Map<String, SettlementTotals> byAgency,
    Instant startedAt,
    Instant completedAt)
    implements CborSerializable {

  public enum Status {
    NOT_STARTED,
    RUNNING,
    COMPLETED
  }

  public SettlementState {
    byShop = Persistent.map(byShop);
    byAgency = Persistent.map(byAgency);
  }

  public static SettlementState empty(String cycle) {
    return new SettlementState(
        cycle,
        null,
        Checkpoint.START,
        null,
        SettlementTotals.ZERO,
        HashTreePMap.empty(),
        HashTreePMap.empty(),
        null,
        null);
  }

  public Status status() {
    if (startedAt == null) {
      return Status.NOT_STARTED;
    }
    return completedAt == null ? Status.RUNNING : Status.COMPLETED;
  }

  public SettlementState apply(SettlementEvent event) {
    if (event instanceof SettlementEvent.Started e) {
      return new SettlementState(
          cycle, e.settlementMonth(), checkpoint, pending, totals, byShop, byAgency, e.at(), null);
    }
    if (event instanceof SettlementEvent.PageDecided e) {
      return new SettlementState(
          cycle,
          settlementMonth,
          e.page().next(),
          e.page(),
          totals,
          byShop,
          byAgency,
          startedAt,
          completedAt);
    }
    if (event instanceof SettlementEvent.PageApplied e) {
      return new SettlementState(
          cycle,
          settlementMonth,
          checkpoint,
          null,
          totals.plus(e.cycleTotals()),
          merge(byShop, e.byShop()),
          merge(byAgency, e.byAgency()),
          startedAt,
          completedAt);
    }
    SettlementEvent.Completed e = (SettlementEvent.Completed) event;
    return new SettlementState(
        cycle, settlementMonth, checkpoint, pending, totals, byShop, byAgency, startedAt, e.at());
  }

  private static Map<String, SettlementTotals> merge(
      Map<String, SettlementTotals> into, Map<String, SettlementTotals> delta) {
    PMap<String, SettlementTotals> merged = Persistent.map(into);
    for (Map.Entry<String, SettlementTotals> e : delta.entrySet()) {
      merged =
          merged.plus(
              e.getKey(), into.getOrDefault(e.getKey(), SettlementTotals.ZERO).plus(e.getValue()));
    }
    return merged;
  }
}
