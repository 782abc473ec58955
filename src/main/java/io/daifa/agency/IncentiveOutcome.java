package io.daifa.agency;

/** What became of one settled line's incentive at its agency. */
public enum IncentiveOutcome {
  /** Accrued, possibly cut (to zero) by the quarterly caps. */
  ACCRUED,
  /** Not accrued: the agency was not {@code DEPOSIT_COVERED} in the settlement month. Final. */
  WITHHELD,
  /** Held by an open risk flag; a later settlement tries again once it is cleared. */
  HELD
}
