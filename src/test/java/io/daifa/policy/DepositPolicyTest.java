package io.daifa.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.daifa.money.Fen;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class DepositPolicyTest {

  /** SPEC §5: 20,000 CNY plus the previous month's GMV tier. */
  static final DepositPolicy FLOATING =
      new DepositPolicy(
          YearMonth.of(2026, 11),
          Fen.ofYuan(20_000),
          List.of(
              new DepositTier(Fen.ofYuan(500_000), Fen.ofYuan(30_000)),
              new DepositTier(Fen.ofYuan(1_000_000), Fen.ofYuan(80_000)),
              new DepositTier(Fen.ofYuan(2_000_000), Fen.ofYuan(180_000))));

  /** The earlier flat rule: 20,000 alliance + 180,000 promoter, whatever the GMV. */
  static final DepositPolicy FLAT =
      new DepositPolicy(YearMonth.of(2026, 1), Fen.ofYuan(200_000), List.of());

  @Test
  void shouldRequireTheTierOfThePreviousMonthsGmvAtEveryBoundary() {
    long[][] cases = {
      // GMV in fen, required deposit in CNY
      {0, 20_000},
      {Fen.ofYuan(500_000).value() - 1, 20_000},
      {Fen.ofYuan(500_000).value(), 50_000},
      {Fen.ofYuan(500_000).value() + 1, 50_000},
      {Fen.ofYuan(1_000_000).value() - 1, 50_000},
      {Fen.ofYuan(1_000_000).value(), 100_000},
      {Fen.ofYuan(1_000_000).value() + 1, 100_000},
      {Fen.ofYuan(2_000_000).value() - 1, 100_000},
      {Fen.ofYuan(2_000_000).value(), 200_000},
      {Fen.ofYuan(2_000_000).value() + 1, 200_000},
      {Fen.ofYuan(900_000_000).value(), 200_000},
    };
    for (long[] c : cases) {
      assertEquals(Fen.ofYuan(c[1]), FLOATING.required(Fen.of(c[0])), "GMV " + Fen.of(c[0]));
    }
  }

  @Test
  void shouldExpressTheOldFlatRuleAsAVersion() {
    assertEquals(Fen.ofYuan(200_000), FLAT.required(Fen.ZERO));
    assertEquals(Fen.ofYuan(200_000), FLAT.required(Fen.ofYuan(3_000_000)));
  }

  @Test
  void shouldComputeEachMonthWithTheVersionInForceThen() {
    PolicyVersions<DepositPolicy> versions =
        PolicyVersions.of(List.of(FLAT, FLOATING), DepositPolicy::effectiveFrom);
    Fen lowGmv = Fen.ofYuan(10_000);
    assertEquals(Fen.ofYuan(200_000), versions.inForce(YearMonth.of(2026, 10)).required(lowGmv));
    assertEquals(Fen.ofYuan(20_000), versions.inForce(YearMonth.of(2026, 11)).required(lowGmv));

    // A change effective next month leaves this month's figure alone.
    DepositPolicy cheaper =
        new DepositPolicy(YearMonth.of(2026, 12), Fen.ofYuan(10_000), FLOATING.tiers());
    PolicyVersions<DepositPolicy> changed = versions.with(cheaper);
    assertEquals(Fen.ofYuan(20_000), changed.inForce(YearMonth.of(2026, 11)).required(lowGmv));
    assertEquals(Fen.ofYuan(10_000), changed.inForce(YearMonth.of(2026, 12)).required(lowGmv));
    assertEquals(Fen.ofYuan(10_000), changed.inForce(YearMonth.of(2027, 6)).required(lowGmv));
    assertEquals(3, changed.all().size());
  }

  @Test
  void shouldRefuseAmbiguousVersionsAndMonthsBeforeTheFirst() {
    PolicyVersions<DepositPolicy> versions =
        PolicyVersions.of(List.of(FLOATING), DepositPolicy::effectiveFrom);
    assertThrows(IllegalArgumentException.class, () -> versions.with(FLOATING));
    assertThrows(IllegalArgumentException.class, () -> versions.inForce(YearMonth.of(2026, 10)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new DepositPolicy(
                YearMonth.of(2027, 1),
                Fen.ZERO,
                List.of(
                    new DepositTier(Fen.ofYuan(1), Fen.ofYuan(1)),
                    new DepositTier(Fen.ofYuan(1), Fen.ofYuan(2)))));
  }
}
