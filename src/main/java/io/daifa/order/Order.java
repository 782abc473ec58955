package io.daifa.order;

import java.time.Instant;
import java.util.List;

/**
 * A paid order as the marketplace sends it. Order and line IDs are chosen by the caller; order IDs
 * are unique across the platform. {@code agencyId} is null when no promoter agency sold it.
 */
public record Order(
    String orderId,
    String shopId,
    String buyerId,
    String agencyId,
    Instant paidAt,
    List<OrderLine> lines) {

  public Order {
    lines = List.copyOf(lines);
  }

  /**
   * A 64-bit fingerprint of the whole order, stable across JVMs, used to tell a resent order from a
   * different order reusing the same ID without keeping the order itself.
   */
  public long fingerprint() {
    Fingerprint f = new Fingerprint();
    f.add(orderId).add(shopId).add(buyerId).add(agencyId).add(paidAt.toEpochMilli());
    f.add(paidAt.getNano());
    for (OrderLine line : lines) {
      f.add(line.lineId()).add(line.spuId()).add(line.skuId()).add(line.quantity());
      f.add(line.userPaid().value()).add(line.paymentSubsidy().value());
      f.add(line.influencerDiscount().value()).add(line.platformDiscount().value());
      f.add(line.feeRateBp().value());
    }
    return f.value();
  }

  /** FNV-1a over the fields, each followed by a separator so that ("ab","c") != ("a","bc"). */
  private static final class Fingerprint {
    private static final long PRIME = 0x100000001b3L;
    private long hash = 0xcbf29ce484222325L;

    Fingerprint add(String s) {
      if (s == null) {
        return mix(0xFF);
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        mix(c & 0xFF);
        mix(c >>> 8);
      }
      return mix(0xFE);
    }

    Fingerprint add(long v) {
      for (int i = 0; i < 8; i++) {
        mix((int) (v >>> (i * 8)) & 0xFF);
      }
      return this;
    }

    private Fingerprint mix(int b) {
      hash = (hash ^ b) * PRIME;
      return this;
    }

    long value() {
      return hash;
    }
  }
}
