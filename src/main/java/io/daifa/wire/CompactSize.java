package io.daifa.wire;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.routing.ManualReason;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes an order takes in a routed batch ({@link OrderBatchSerializer}), cheap enough to
 * compute for every order: intake uses it to keep each batch event, and each message carrying
 * orders, well under the 256 KiB a remote message may have. The order's own fields are counted
 * exactly, as the serializer writes them; what routing will add is bounded from above. A bound
 * three times the real size (every number counted at ten bytes, every ID at 64 characters) had cut
 * a busy shop's batches at a third of what they could hold, and so its rate.
 */
public final class CompactSize {

  /** A varint at most (a 64-bit value, seven bits a byte). */
  private static final int VARINT = 10;

  /**
   * What a message or an event adds to the orders or dispatches it carries, at most: its version,
   * the shop's or supplier's ID, a batch ID, the address of whom to answer, counts and times.
   */
  public static final int HEADER = 512;

  /** A dispatch ID: {@code d} and the shop's sequence number ({@code ShopState#dispatchId}). */
  private static final int DISPATCH_ID = 1 + 1 + 19;

  /** A supplier ID: an account ID ({@code sup_} and 20 characters), with its length. */
  private static final int SUPPLIER_ID = 1 + 24;

  /** A line's index within its order, or a count of lines (an order has at most 500). */
  private static final int INDEX = 2;

  private static final int LONGEST_REASON =
      1 + Arrays.stream(ManualReason.values()).mapToInt(r -> r.name().length()).max().orElseThrow();

  /** Routing adds to an order its fingerprint and three counts: dispatches, queued, rates. */
  private static final int ROUTING_PER_ORDER = 8 + 3 * INDEX;

  /**
   * Routing adds to a line at most: a dispatch of its own (its ID, supplier, count and the line's
   * index) or a queued entry (index and reason); a commission rate (index and basis points); the
   * decision of its rule (a kind byte and a time difference in microseconds).
   */
  private static final int ROUTING_PER_LINE =
      Math.max(DISPATCH_ID + SUPPLIER_ID + 2 * INDEX, INDEX + LONGEST_REASON)
          + (INDEX + 3)
          + (1 + VARINT);

  private CompactSize() {}

  public static long of(Order order) {
    return string(order.orderId())
        + string(order.shopId())
        + string(order.buyerId())
        + string(order.agencyId())
        + instant(order.paidAt())
        + ROUTING_PER_ORDER
        + lines(order.lines(), ROUTING_PER_LINE);
  }

  /** The bytes a dispatch takes in a supplier's delivery or its received event. */
  public static long of(DropshipDispatch dispatch) {
    return string(dispatch.dispatchId())
        + string(dispatch.shopId())
        + string(dispatch.supplierId())
        + string(dispatch.orderId())
        + string(dispatch.agencyId())
        + instant(dispatch.paidAt())
        + lines(dispatch.lines(), 0);
  }

  private static long lines(List<OrderLine> lines, int perLine) {
    long bytes = varint(lines.size());
    for (OrderLine line : lines) {
      bytes +=
          string(line.lineId())
              + string(line.spuId())
              + string(line.skuId())
              + varint(line.quantity())
              + signed(line.userPaid())
              + signed(line.paymentSubsidy())
              + signed(line.influencerDiscount())
              + signed(line.platformDiscount())
              + signed(line.feeRateBp())
              + perLine;
    }
    return bytes;
  }

  /**
   * A string as written: its length plus one as a varint, then its UTF-8 bytes, counted at three
   * for every char at or above U+0800 (a surrogate pair, four bytes in UTF-8, counts six).
   */
  private static long string(String s) {
    if (s == null) {
      return 1;
    }
    long utf8 = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    return varint(utf8 + 1) + utf8;
  }

  private static long instant(Instant at) {
    return at == null
        ? 2 * VARINT
        : varint(CompactWriter.zigZag(at.getEpochSecond())) + varint(at.getNano());
  }

  private static long signed(Fen amount) {
    return amount == null ? VARINT : varint(CompactWriter.zigZag(amount.value()));
  }

  private static long signed(BasisPoints rate) {
    return rate == null ? VARINT : varint(CompactWriter.zigZag(rate.value()));
  }

  /** The bytes of an unsigned varint: one per seven bits, at least one. */
  static int varint(long value) {
    return value == 0 ? 1 : (64 - Long.numberOfLeadingZeros(value) + 6) / 7;
  }
}
