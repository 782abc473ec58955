package io.daifa.supplier;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.supplier.SupplierCommand.ReceiveDispatches;
import io.daifa.wire.CompactSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnwrittenDeliveriesTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");

  private static DropshipDispatch dispatch(String shopId, String dispatchId) {
    Order order = order("o-" + dispatchId, shopId, "spu-1", "spu-2");
    return new DropshipDispatch(
        dispatchId, shopId, "sup_1", order.orderId(), null, order.paidAt(), order.lines());
  }

  private static ReceiveDispatches delivery(String shopId, Instant sentAt, String... ids) {
    List<DropshipDispatch> dispatches = new ArrayList<>();
    for (String id : ids) {
      dispatches.add(dispatch(shopId, id));
    }
    return new ReceiveDispatches(shopId, dispatches, sentAt);
  }

  @Test
  void aWriteIsAskedForOnceUntilTheDeliveriesAreTaken() {
    UnwrittenDeliveries unwritten = new UnwrittenDeliveries();
    ReceiveDispatches a = delivery("shp_a", T0, "d1");
    ReceiveDispatches b = delivery("shp_b", T0, "d1");
    assertTrue(unwritten.add(a, 0), "the first delivery asks for a write");
    assertFalse(unwritten.add(b, 0), "the next ones wait for that write");
    assertEquals(List.of(a, b), unwritten.take(0));
    assertFalse(unwritten.moreToWrite());
    assertTrue(
        unwritten.add(delivery("shp_a", T0, "d2"), 0), "after the take, a new write is asked");
  }

  @Test
  void oneWriteTakesWhatFitsInAnEventAndLeavesTheRestAskedFor() {
    UnwrittenDeliveries unwritten = new UnwrittenDeliveries();
    List<ReceiveDispatches> sent = new ArrayList<>();
    int fit = -1;
    long bytes = 0;
    for (int i = 0; bytes <= UnwrittenDeliveries.MAX_EVENT_BYTES || sent.size() < fit + 5; i++) {
      ReceiveDispatches d = delivery("shp_a", T0, "d" + i);
      bytes += CompactSize.of(d.dispatches().get(0));
      if (bytes > UnwrittenDeliveries.MAX_EVENT_BYTES && fit < 0) {
        fit = i;
      }
      sent.add(d);
      unwritten.add(d, 0);
    }
    List<ReceiveDispatches> first = unwritten.take(0);
    assertEquals(sent.subList(0, fit), first, "the first write: what fits, in arrival order");
    assertTrue(unwritten.moreToWrite(), "the rest needs another write");
    assertEquals(sent.subList(fit, sent.size()), unwritten.take(0));
    assertFalse(unwritten.moreToWrite());
  }

  @Test
  void aDeliveryLargerThanAnEventIsStillTakenAlone() {
    UnwrittenDeliveries unwritten = new UnwrittenDeliveries();
    String[] ids = new String[4_000]; // about 330 KiB
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "d" + i;
    }
    ReceiveDispatches large = delivery("shp_a", T0, ids);
    ReceiveDispatches next = delivery("shp_b", T0, "d1");
    unwritten.add(large, 0);
    unwritten.add(next, 0);
    assertEquals(List.of(large), unwritten.take(0));
    assertEquals(List.of(next), unwritten.take(0));
  }

  @Test
  void aWriteAskedForLongAgoAndNotDoneIsAskedAgain() {
    UnwrittenDeliveries unwritten = new UnwrittenDeliveries();
    long second = 1_000_000_000L;
    assertTrue(unwritten.add(delivery("shp_a", T0, "d1"), 5 * second));
    assertFalse(unwritten.add(delivery("shp_a", T0, "d1"), 5 * second + second / 2));
    assertTrue(
        unwritten.add(delivery("shp_a", T0, "d1"), 6 * second + 1),
        "the request to itself may have been dropped from a full stash: asked again");
    assertFalse(unwritten.add(delivery("shp_b", T0, "d1"), 6 * second + 2));
    assertEquals(4, unwritten.take(6 * second + 3).size());
  }

  @Test
  void clearingForgetsTheDeliveriesAndTheAskedWrite() {
    UnwrittenDeliveries unwritten = new UnwrittenDeliveries();
    unwritten.add(delivery("shp_a", T0, "d1"), 0);
    unwritten.clear();
    assertEquals(List.of(), unwritten.take(0));
    assertTrue(unwritten.add(delivery("shp_a", T0, "d2"), 0), "a restarted supplier asks again");
  }

  @Test
  void theReceiptIsStampedAfterTheLatestSend() {
    List<ReceiveDispatches> deliveries =
        List.of(
            delivery("shp_a", T0.plusSeconds(2), "d1"),
            delivery("shp_b", null, "d1"),
            delivery("shp_c", T0.plusSeconds(5), "d1"),
            delivery("shp_d", T0, "d1"));
    assertEquals(T0.plusSeconds(5), UnwrittenDeliveries.latestSentAt(deliveries));
    assertNull(UnwrittenDeliveries.latestSentAt(List.of(delivery("shp_b", null, "d1"))));
    assertEquals(4, UnwrittenDeliveries.dispatches(deliveries).size());
  }
}
