package io.daifa.order;

import io.daifa.common.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * One dropship order on its way from a shop to a supplier. {@code dispatchId} is unique within the
 * shop and identifies this delivery: the shop redelivers it until the supplier acknowledges, and
 * the supplier ignores a dispatch it has seen.
 */
public record DropshipDispatch(
    String dispatchId,
    String shopId,
    String supplierId,
    String orderId,
    String agencyId,
    Instant paidAt,
    List<OrderLine> lines)
    implements CborSerializable {

  public DropshipDispatch {
    lines = List.copyOf(lines);
  }

  /** The IDs of its lines, in order (on the order path: a loop, not a stream). */
  public List<String> lineIds() {
    String[] ids = new String[lines.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = lines.get(i).lineId();
    }
    return List.of(ids);
  }
}
