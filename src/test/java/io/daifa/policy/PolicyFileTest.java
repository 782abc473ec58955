package io.daifa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import java.nio.file.Path;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** The policy file the project ships says what SPEC §5-6 say. */
class PolicyFileTest {

  private final PolicyFile shipped = PolicyFile.load(Path.of("conf/policies.conf"));

  @Test
  void shouldShipTheFlatRuleAndTheFloatingTiers() {
    DepositPolicy flat = shipped.deposits().inForce(YearMonth.of(2025, 6));
    assertEquals(Fen.ofYuan(200_000), flat.required(Fen.ofYuan(5_000_000)));
    DepositPolicy floating = shipped.deposits().inForce(YearMonth.of(2026, 11));
    assertEquals(Fen.ofYuan(20_000), floating.required(Fen.ofYuan(499_999)));
    assertEquals(Fen.ofYuan(50_000), floating.required(Fen.ofYuan(500_000)));
    assertEquals(Fen.ofYuan(100_000), floating.required(Fen.ofYuan(1_000_000)));
    assertEquals(Fen.ofYuan(200_000), floating.required(Fen.ofYuan(2_000_000)));
  }

  @Test
  void shouldShipTheIncentiveRule() {
    IncentivePolicy rule = shipped.incentives().inForce(YearMonth.of(2026, 11));
    assertEquals(BasisPoints.of(100), rule.rateFloor());
    assertEquals(BasisPoints.of(40), rule.pointsRate());
    assertEquals(Fen.ofYuan(5_000_000), rule.quarterlyCashCap());
    assertEquals(Points.whole(500_000), rule.quarterlyPointsCap());
  }
}
