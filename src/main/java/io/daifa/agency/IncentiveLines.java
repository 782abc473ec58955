package io.daifa.agency;

import io.daifa.common.CborSerializable;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import java.util.List;

/** What the settlement and an agency exchange about incentives, line by line. */
public final class IncentiveLines {

  private IncentiveLines() {}

  /**
   * A settled line's incentive as the rule gives it, before the caps; {@code risks} are the
   * patterns the settlement found on it.
   */
  public record Due(
      String shopId,
      String orderId,
      String lineId,
      String buyerId,
      Fen cash,
      Points points,
      List<RiskKind> risks)
      implements CborSerializable {

    public Due {
      risks = List.copyOf(risks);
    }

    public String key() {
      return AgencyState.lineKey(shopId, orderId, lineId);
    }
  }

  /** What the agency granted for a line; {@code flagId} names the flag that holds it. */
  public record Grant(
      String shopId,
      String orderId,
      String lineId,
      IncentiveOutcome outcome,
      Fen cash,
      Points points,
      String flagId)
      implements CborSerializable {}

  /** The grants for one page, as one reply value. */
  public record Grants(List<Grant> grants) implements CborSerializable {
    public Grants {
      grants = List.copyOf(grants);
    }
  }

  /**
   * A refunded line's accrual to take back; {@code flagBuyer}: the refund came so soon after the
   * settlement that its buyer is flagged.
   */
  public record Claw(
      String shopId,
      String orderId,
      String lineId,
      String buyerId,
      Fen cash,
      Points points,
      boolean flagBuyer)
      implements CborSerializable {}
}
