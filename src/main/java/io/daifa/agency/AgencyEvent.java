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
      String agencyId,
      String shopId,
      String orderId,
      List<String> lineIds,
      Fen amount,
      String month,
      Instant at)
      implements AgencyEvent {}

  /**
   * The credits of one {@code CreditGmv} command, in one journal row: a row per order made the
   * agency's journal the largest per-order cost of the read side (one row per promoter order, a
   * third of what an order wrote to Cassandra). Journals written before hold single {@link
   * GmvCredited} events, which still apply. Not written since {@link GmvTallied}.
   */
  record GmvBatchCredited(List<GmvCredited> credits) implements AgencyEvent {}

  /**
   * The GMV of one {@code CreditGmv} command, in one journal row: per shop event of paid promoter
   * orders, its GMV per month. Before, the agency stored every order with its line IDs ({@link
   * GmvBatchCredited}) and remembered every line for the de-duplication window: a state and a
   * snapshot that grew with every promoter line.
   */
  record GmvTallied(List<BatchTally> batches, Instant at) implements AgencyEvent {}

  /** {@code idempotencyKey}: the admin's, if the request had one (null in older events). */
  record DepositPaid(String agencyId, Fen amount, Instant at, String idempotencyKey)
      implements AgencyEvent {
    public DepositPaid(String agencyId, Fen amount, Instant at) {
      this(agencyId, amount, at, null);
    }
  }

  record ViolationRecorded(
      String agencyId, String violationId, String reason, Instant at, String idempotencyKey)
      implements AgencyEvent {
    public ViolationRecorded(String agencyId, String violationId, String reason, Instant at) {
      this(agencyId, violationId, reason, at, null);
    }
  }

  record ViolationCleared(String agencyId, String violationId, Instant at) implements AgencyEvent {}

  /**
   * A settlement page's incentives for this agency: one grant per line, in page order, decided with
   * the agency's {@code standing} in the settlement month and the caps of {@code quarter} (e.g.
   * {@code 2026-Q4}); {@code raised}: risk flags found on these lines for the first time.
   */
  record IncentivesAccrued(
      String agencyId,
      String pageId,
      String quarter,
      Standing standing,
      List<IncentiveLines.Grant> grants,
      List<RiskFlag> raised,
      Instant at)
      implements AgencyEvent {}

  /** Refunded lines' accruals taken back in {@code quarter}, the settlement's quarter. */
  record IncentivesClawedBack(
      String agencyId,
      String pageId,
      String quarter,
      List<IncentiveLines.Claw> claws,
      List<RiskFlag> raised,
      Instant at)
      implements AgencyEvent {}

  record RiskFlagCleared(String agencyId, String flagId, Instant at) implements AgencyEvent {}
}
