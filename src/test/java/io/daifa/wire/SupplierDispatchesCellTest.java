package io.daifa.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A supplier's list is read from these cells for as long as its orders are kept: what a release
 * wrote must read the same in every later one.
 */
class SupplierDispatchesCellTest {

  private static final List<SupplierDispatchesCell.Dispatched> ORDERS =
      List.of(
          new SupplierDispatchesCell.Dispatched("o-1", List.of("1", "3")),
          new SupplierDispatchesCell.Dispatched("3712345678901234567", List.of("1")));

  /** The cell of {@link #ORDERS}, as version 1 wrote it. */
  private static final String VERSION_1 =
      "0102046f2d3102023102331433373132333435363738393031323334353637010231";

  private static byte[] bytes(ByteBuffer cell) {
    byte[] bytes = new byte[cell.remaining()];
    cell.duplicate().get(bytes);
    return bytes;
  }

  @Test
  void aSuppliersOrdersReadBackAsTheyWereWritten() {
    assertEquals(ORDERS, SupplierDispatchesCell.read(SupplierDispatchesCell.write(ORDERS)));
  }

  @Test
  void version1ReadsAsItWasWritten() {
    assertEquals(
        ORDERS, SupplierDispatchesCell.read(ByteBuffer.wrap(HexFormat.of().parseHex(VERSION_1))));
    assertEquals(VERSION_1, HexFormat.of().formatHex(bytes(SupplierDispatchesCell.write(ORDERS))));
  }

  @Test
  void aCellCutShortOrWithBytesAfterItIsRefused() {
    byte[] whole = bytes(SupplierDispatchesCell.write(ORDERS));
    assertThrows(
        IllegalStateException.class,
        () -> SupplierDispatchesCell.read(ByteBuffer.wrap(Arrays.copyOf(whole, whole.length - 1))));
    assertThrows(
        IllegalStateException.class,
        () -> SupplierDispatchesCell.read(ByteBuffer.wrap(Arrays.copyOf(whole, whole.length + 1))));
    byte[] otherVersion = whole.clone();
    otherVersion[0] = 9;
    assertThrows(
        IllegalStateException.class,
        () -> SupplierDispatchesCell.read(ByteBuffer.wrap(otherVersion)));
  }

  @Test
  void anEmptyRowIsNotWritten() {
    assertThrows(IllegalArgumentException.class, () -> SupplierDispatchesCell.write(List.of()));
  }
}
