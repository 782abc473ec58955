package io.daifa.policy;

import io.daifa.money.Fen;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One version of the floating deposit rule (SPEC §5), in force from {@code effectiveFrom}: the
 * required deposit for a month is {@code base} plus the top-up of the highest tier whose threshold
 * the previous month's GMV reaches. No tiers (or a single tier from 0 with no top-up) is a flat
 * rule, such as the earlier flat 200,000 CNY.
 */
public record DepositPolicy(YearMonth effectiveFrom, Fen base, List<DepositTier> tiers) {

  public DepositPolicy {
    if (base.isNegative()) {
      throw new IllegalArgumentException("base must not be negative");
    }
    List<DepositTier> sorted = new ArrayList<>(tiers);
    sorted.sort(Comparator.comparing(DepositTier::fromGmv));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).fromGmv().equals(sorted.get(i - 1).fromGmv())) {
        throw new IllegalArgumentException("two tiers start at " + sorted.get(i).fromGmv());
      }
    }
    tiers = List.copyOf(sorted);
  }

  /** The deposit required for a month whose previous month's GMV was {@code previousMonthGmv}. */
  public Fen required(Fen previousMonthGmv) {
    Fen topUp = Fen.ZERO;
    for (DepositTier tier : tiers) {
      if (previousMonthGmv.compareTo(tier.fromGmv()) >= 0) {
        topUp = tier.topUp();
      }
    }
    return base.plus(topUp);
  }
}
