package io.daifa.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FenTest {

  @Test
  void shouldAddSubtractAndMultiplyExactly() {
    assertEquals(Fen.of(150), Fen.of(100).plus(Fen.of(50)));
    assertEquals(Fen.of(-50), Fen.of(50).minus(Fen.of(100)));
    assertEquals(Fen.of(20_000_000), Fen.ofYuan(200_000));
    assertEquals(Fen.of(900), Fen.of(300).times(3));
  }

  @Test
  void shouldRefuseToOverflow() {
    Fen max = Fen.of(Long.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> max.plus(Fen.of(1)));
    assertThrows(ArithmeticException.class, () -> Fen.of(Long.MIN_VALUE).minus(Fen.of(1)));
    assertThrows(ArithmeticException.class, () -> max.times(2));
    assertThrows(ArithmeticException.class, () -> max.at(BasisPoints.of(2)));
  }

  @Test
  void shouldApplyARateRoundingHalfUpToTheFen() {
    // The source's example: 1,000 CNY at 4% (5% fee less the 1% floor) is 40 CNY.
    assertEquals(Fen.ofYuan(40), Fen.ofYuan(1000).at(BasisPoints.of(400)));
    // 1 fen at 50% is exactly half a fen: up. 1 fen at 49.99% is below half: down.
    assertEquals(Fen.of(1), Fen.of(1).at(BasisPoints.of(5000)));
    assertEquals(Fen.of(0), Fen.of(1).at(BasisPoints.of(4999)));
    // Half away from zero for negative amounts (clawbacks).
    assertEquals(Fen.of(-1), Fen.of(-1).at(BasisPoints.of(5000)));
    assertEquals(Fen.of(333), Fen.of(1000).at(BasisPoints.of(3333)));
  }

  @Test
  void shouldCompareAndPickExtremes() {
    assertEquals(Fen.of(1), Fen.of(1).min(Fen.of(2)));
    assertEquals(Fen.of(2), Fen.of(1).max(Fen.of(2)));
    assertEquals(-1, Fen.of(1).compareTo(Fen.of(2)));
    assertEquals(BasisPoints.of(-100), BasisPoints.of(100).minus(BasisPoints.of(200)));
  }
}
