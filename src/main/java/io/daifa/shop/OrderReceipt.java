package io.daifa.shop;

import io.daifa.common.CborSerializable;
import io.daifa.order.OrderStatus;
import java.util.List;

/**
 * The answer to one ingested order, and the answer repeated when the same order is sent again: the
 * supplier each group of lines went to, and the lines waiting for manual allocation. The status is
 * {@code ALLOCATED} when every line went to a supplier, {@code PAID} otherwise.
 */
public record OrderReceipt(
    String orderId,
    OrderStatus status,
    List<SupplierLines> dropshipOrders,
    List<String> manualLineIds)
    implements CborSerializable {

  public OrderReceipt {
    dropshipOrders = List.copyOf(dropshipOrders);
    manualLineIds = List.copyOf(manualLineIds);
  }

  public record SupplierLines(String supplierId, List<String> lineIds) {
    public SupplierLines {
      lineIds = List.copyOf(lineIds);
    }
  }
}
