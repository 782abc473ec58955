package io.daifa.wire;

import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;

/**
 * An upper bound of the bytes an order takes in a routed batch ({@link OrderBatchSerializer}),
 * cheap enough to compute for every order: intake uses it to keep each batch event, and each
 * message carrying orders, well under the 256 KiB a remote message may have.
 */
public final class CompactSize {

  /** A varint, an instant's two varints, a fingerprint: each at most this many bytes. */
  private static final int NUMBER = 10;

  /**
   * What routing adds per line at most: a dispatch's ID and supplier ID, or a queued reason; its
   * index; a commission rate with the line's index; the rule's kind and time.
   */
  private static final int ROUTING_PER_LINE = 2 * (64 + 2) + NUMBER + 2 * NUMBER + 1 + NUMBER;

  private CompactSize() {}

  public static long of(Order order) {
    long bytes =
        string(order.orderId())
            + string(order.shopId())
            + string(order.buyerId())
            + string(order.agencyId())
            + 2L * NUMBER // paid at
            + 2L * NUMBER; // fingerprint, counts
    for (OrderLine line : order.lines()) {
      bytes +=
          string(line.lineId())
              + string(line.spuId())
              + string(line.skuId())
              + 6L * NUMBER
              + ROUTING_PER_LINE;
    }
    return bytes;
  }

  /** An upper bound of the bytes a dispatch takes in a supplier's delivery. */
  public static long of(DropshipDispatch dispatch) {
    long bytes =
        string(dispatch.dispatchId())
            + string(dispatch.shopId())
            + string(dispatch.supplierId())
            + string(dispatch.orderId())
            + string(dispatch.agencyId())
            + 2L * NUMBER; // paid at
    for (OrderLine line : dispatch.lines()) {
      bytes += string(line.lineId()) + string(line.spuId()) + string(line.skuId()) + 6L * NUMBER;
    }
    return bytes;
  }

  /** The string's UTF-8 bytes and a length prefix of at most five. */
  private static long string(String s) {
    if (s == null) {
      return 1;
    }
    long bytes = 5;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    return bytes;
  }
}
