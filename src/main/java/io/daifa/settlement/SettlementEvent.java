package io.daifa.settlement;

import io.daifa.common.CborSerializable;
import java.time.Instant;
import java.util.Map;

/** What happened to a settlement cycle. */
public sealed interface SettlementEvent extends CborSerializable {

  /** The run began, in {@code settlementMonth} (incentive eligibility and quarter). */
  record Started(String cycle, String settlementMonth, Instant at) implements SettlementEvent {}

  /** A page's decisions, stored before any of them is carried out. */
  record PageDecided(String cycle, SettlementPage page, Instant at) implements SettlementEvent {}

  /** The page was carried out; its figures, for the cycle and per shop and per agency. */
  record PageApplied(
      String cycle,
      String pageId,
      SettlementTotals cycleTotals,
      Map<String, SettlementTotals> byShop,
      Map<String, SettlementTotals> byAgency,
      Instant at)
      implements SettlementEvent {}

  record Completed(String cycle, Instant at) implements SettlementEvent {}
}
