package io.daifa.settlement;

import io.daifa.agency.IncentiveLines;
import io.daifa.agency.IncentiveOutcome;
import io.daifa.money.Fen;
import java.util.HashMap;
import java.util.Map;

/** A page's figures as its decisions and grants add up: for the cycle, per shop, per agency. */
final class PageFigures {

  SettlementTotals cycle = SettlementTotals.ZERO;
  final Map<String, SettlementTotals> byShop = new HashMap<>();
  final Map<String, SettlementTotals> byAgency = new HashMap<>();

  void add(LineDecision d, IncentiveLines.Grant grant) {
    switch (d.kind()) {
      case SETTLE -> {
        SettlementTotals settled =
            SettlementTotals.settled(
                d.base().value(),
                d.paymentFee().value(),
                d.serviceFee().value(),
                d.commission().value());
        cycle = cycle.plus(settled);
        byShop.merge(d.shopId(), settled, SettlementTotals::plus);
        if (d.agencyId() != null) {
          byAgency.merge(
              d.agencyId(),
              SettlementTotals.settled(d.base().value(), 0, 0, 0),
              SettlementTotals::plus);
          incentive(d.agencyId(), grant);
        }
      }
      case RETRY_INCENTIVE -> incentive(d.agencyId(), grant);
      case DEFER -> cycle = cycle.plus(SettlementTotals.DEFERRED);
      case CLAW -> {
        if (d.agencyId() != null) {
          SettlementTotals clawed =
              SettlementTotals.clawed(d.cash().value(), d.points().hundredths());
          cycle = cycle.plus(clawed);
          byAgency.merge(d.agencyId(), clawed, SettlementTotals::plus);
        }
        if (d.commission().compareTo(Fen.ZERO) > 0) {
          // The line counts once among the cycle's clawed lines: here if no agency counted it.
          SettlementTotals taken =
              SettlementTotals.clawedCommission(d.commission().value(), d.agencyId() == null);
          cycle = cycle.plus(taken);
          byShop.merge(
              d.shopId(),
              SettlementTotals.clawedCommission(d.commission().value(), true),
              SettlementTotals::plus);
        }
      }
      case DROP, DISMISS_CLAIM -> {}
    }
  }

  private void incentive(String agencyId, IncentiveLines.Grant grant) {
    SettlementTotals incentive =
        SettlementTotals.incentive(
            grant.cash().value(),
            grant.points().hundredths(),
            grant.outcome() == IncentiveOutcome.HELD,
            grant.outcome() == IncentiveOutcome.WITHHELD);
    cycle = cycle.plus(incentive);
    byAgency.merge(agencyId, incentive, SettlementTotals::plus);
  }
}
