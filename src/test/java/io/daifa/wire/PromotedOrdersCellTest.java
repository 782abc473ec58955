package io.daifa.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The settlement's burst rule reads these cells for as long as the orders are kept: what a release
 * wrote must read the same in every later one.
 */
class PromotedOrdersCellTest {

  private static final List<PromotedOrdersCell.Promoted> ORDERS =
      List.of(
          new PromotedOrdersCell.Promoted(
              "buyer-7", Instant.parse("2026-11-10T16:00:01.250Z"), "shop-1", "o-1"),
          new PromotedOrdersCell.Promoted(
              "买家", Instant.parse("2026-11-10T16:59:59Z"), "shop-2", "3712345678901234567"));

  /** The cell of {@link #ORDERS}, as version 1 wrote it. */
  private static final String VERSION_1 =
      "01020862757965722d3782fe99af0d80e59a770773686f702d31046f2d3107e4b9b0e5aeb69eb69aaf0d00"
          + "0773686f702d321433373132333435363738393031323334353637";

  private static byte[] bytes(ByteBuffer cell) {
    byte[] bytes = new byte[cell.remaining()];
    cell.duplicate().get(bytes);
    return bytes;
  }

  @Test
  void anAgencysOrdersReadBackAsTheyWereWritten() {
    assertEquals(ORDERS, PromotedOrdersCell.read(PromotedOrdersCell.write(ORDERS)));
  }

  @Test
  void version1ReadsAsItWasWritten() {
    assertEquals(VERSION_1, HexFormat.of().formatHex(bytes(PromotedOrdersCell.write(ORDERS))));
    assertEquals(
        ORDERS, PromotedOrdersCell.read(ByteBuffer.wrap(HexFormat.of().parseHex(VERSION_1))));
  }

  @Test
  void aCellCutShortOrWithBytesAfterItIsRefused() {
    byte[] whole = bytes(PromotedOrdersCell.write(ORDERS));
    assertThrows(
        IllegalStateException.class,
        () -> PromotedOrdersCell.read(ByteBuffer.wrap(Arrays.copyOf(whole, whole.length - 1))));
    assertThrows(
        IllegalStateException.class,
        () -> PromotedOrdersCell.read(ByteBuffer.wrap(Arrays.copyOf(whole, whole.length + 1))));
    byte[] otherVersion = whole.clone();
    otherVersion[0] = 9;
    assertThrows(
        IllegalStateException.class, () -> PromotedOrdersCell.read(ByteBuffer.wrap(otherVersion)));
  }

  @Test
  void anEmptyRowIsNotWritten() {
    assertThrows(IllegalArgumentException.class, () -> PromotedOrdersCell.write(List.of()));
  }
}
