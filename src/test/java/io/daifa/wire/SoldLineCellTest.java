package io.daifa.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.OrderLine;
import io.daifa.order.SoldLine;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A line's sale is stored once, in one cell of the read table, and read back by {@code GET
 * /v1/orders/{id}} and by every settlement after it: what a release wrote must read the same in
 * every later one.
 */
class SoldLineCellTest {

  private static final Instant PAID = Instant.parse("2026-11-11T00:00:01.250Z");

  private static final OrderLine LINE =
      new OrderLine(
          "l-1",
          "spu-9",
          "sku-9-red",
          3,
          Fen.of(25_900),
          Fen.of(-150),
          Fen.of(1_000),
          Fen.of(0),
          BasisPoints.of(60));

  /** The cell of {@code new SoldLine(LINE, "b-7", "ag-2", PAID, 1200)}, as version 1 wrote it. */
  private static final String VERSION_1 =
      "01046c2d31067370752d390a736b752d392d72656403d89403ab02d00f007804622d370561672d32"
          + "82c09daf0d80e59a77b109";

  @Test
  void aSaleReadsBackAsItWasWritten() {
    SoldLine promoted = new SoldLine(LINE, "b-7", "ag-2", PAID, 1_200);
    assertEquals(promoted, roundTrip(promoted));

    SoldLine direct = new SoldLine(LINE, "b-7", null, PAID, null);
    assertEquals(direct, roundTrip(direct), "no agency, no commission rate");

    SoldLine zeroRate = new SoldLine(LINE, "b-7", null, PAID, 0);
    assertEquals(zeroRate, roundTrip(zeroRate), "a zero rate is not the same as no rate");
  }

  @Test
  void aCellWrittenByVersion1StillReads() {
    ByteBuffer stored = ByteBuffer.wrap(HexFormat.of().parseHex(VERSION_1));
    assertEquals(new SoldLine(LINE, "b-7", "ag-2", PAID, 1_200), SoldLineCell.read(stored));
  }

  @Test
  void anEmptyCellIsALineWhoseRoutingIsNotProjectedYet() {
    assertNull(SoldLineCell.read(null));
  }

  @Test
  void aCellIsItsStringsAndAFewBytesOfNumbers() {
    int bytes = SoldLineCell.write(new SoldLine(LINE, "b-7", "ag-2", PAID, 1_200)).remaining();
    int strings = "l-1spu-9sku-9-redb-7ag-2".length();
    assertTrue(bytes <= strings + 28, bytes + " bytes");
  }

  @Test
  void aTruncatedOrUnknownCellIsRefusedNotMisread() {
    byte[] whole = bytes(SoldLineCell.write(new SoldLine(LINE, "b-7", "ag-2", PAID, 1_200)));
    for (int cut = 0; cut < whole.length; cut++) {
      ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(whole, cut));
      assertThrows(IllegalStateException.class, () -> SoldLineCell.read(truncated), "cut " + cut);
    }
    byte[] trailing = Arrays.copyOf(whole, whole.length + 1);
    assertThrows(IllegalStateException.class, () -> SoldLineCell.read(ByteBuffer.wrap(trailing)));

    byte[] future = whole.clone();
    future[0] = 2;
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> SoldLineCell.read(ByteBuffer.wrap(future)));
    assertTrue(refused.getMessage().contains("version 2"), refused.getMessage());
  }

  private static SoldLine roundTrip(SoldLine sold) {
    return SoldLineCell.read(SoldLineCell.write(sold));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
