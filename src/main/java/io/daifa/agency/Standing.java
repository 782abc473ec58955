package io.daifa.agency;

/**
 * A promoter account's standing for a month (SPEC §7). Every standing may sell — a paid order is
 * never dropped — but only {@code DEPOSIT_COVERED} earns incentives.
 */
public enum Standing {
  /** Never paid a deposit and no violation ever recorded. */
  ZERO_DEPOSIT,
  /** Paid at least the month's required deposit, no open violation. */
  DEPOSIT_COVERED,
  /** In the deposit regime, paid less than required, no open violation. */
  SHORTFALL,
  /** An open violation, or a violation on record and never a deposit paid. */
  RESTRICTED;

  public boolean earnsIncentives() {
    return this == DEPOSIT_COVERED;
  }
}
