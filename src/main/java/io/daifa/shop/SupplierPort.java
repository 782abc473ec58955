package io.daifa.shop;

import io.daifa.order.DropshipDispatch;
import java.util.List;

/**
 * What a shop asks of suppliers. The shop package knows no supplier type: the port is wired to the
 * supplier entities over Cluster Sharding in {@code app/}, and records calls in unit tests.
 */
public interface SupplierPort {

  /** Dispatches of one shop for one supplier, acknowledged later with the dispatch IDs. */
  void deliver(String supplierId, String shopId, List<DropshipDispatch> dispatches);

  /** The shop has recorded the supplier's notice (a binding approval, returned lines). */
  void acknowledgeNotice(String supplierId, String noticeId);
}
