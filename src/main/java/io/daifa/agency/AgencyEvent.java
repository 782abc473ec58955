package io.daifa.agency;

import io.daifa.common.CborSerializable;
import io.daifa.money.Fen;
import java.time.Instant;
import java.util.List;

/** What happened to a promoter agency. */
public sealed interface AgencyEvent extends CborSerializable {

  /**
   * A paid promoter order counted in the GMV of the Shanghai month it was paid in ({@code month},
   * {@code 2026-11}); {@code lineIds} are the lines counted, so a resent order counts once.
   */
  record GmvCredited(
      String agencyId, String orderId, List<String> lineIds, Fen amount, String month, Instant at)
      implements AgencyEvent {}

  record DepositPaid(String agencyId, Fen amount, Instant at) implements AgencyEvent {}

  record ViolationRecorded(String agencyId, String violationId, String reason, Instant at)
      implements AgencyEvent {}

  record ViolationCleared(String agencyId, String violationId, Instant at) implements AgencyEvent {}
}
