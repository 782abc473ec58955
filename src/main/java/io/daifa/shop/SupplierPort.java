package io.daifa.shop;

import io.daifa.order.DropshipDispatch;
import java.time.Instant;
import java.util.List;

/**
 * What a shop asks of suppliers. The shop package knows no supplier type: the port is wired to the
 * supplier entities over Cluster Sharding in {@code app/}, and records calls in unit tests.
 */
public interface SupplierPort {

  /**
   * Dispatches of one shop for one supplier, acknowledged later with the dispatch IDs; {@code
   * sentAt} is after the shop's event that routed each of them ({@link
   * io.daifa.common.HybridTime}).
   */
  void deliver(String supplierId, String shopId, List<DropshipDispatch> dispatches, Instant sentAt);

  /** The shop has recorded the supplier's notice (a binding approval, returned lines). */
  void acknowledgeNotice(String supplierId, String noticeId);
}
