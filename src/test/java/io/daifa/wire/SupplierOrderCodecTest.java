package io.daifa.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.EncodedMap;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Logistics;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.OrderStatus;
import io.daifa.order.TestOrders;
import io.daifa.supplier.SupplierOrder;
import io.daifa.supplier.SupplierOrder.SupplierLine;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupplierOrderCodecTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-11T00:00:03.123456Z");

  private static SupplierOrder fresh() {
    return new SupplierOrder(
        "o-1",
        "shp_a",
        null,
        TestOrders.PAID_AT,
        Map.of(
            "o-1-l1",
            new SupplierLine(TestOrders.line("o-1-l1", "spu-a"), OrderStatus.ALLOCATED, null),
            "o-1-l2",
            new SupplierLine(TestOrders.line("o-1-l2", "spu-b"), OrderStatus.ALLOCATED, null)),
        null,
        null,
        null,
        RECEIVED);
  }

  @Test
  void everyFieldOfAnOrderReadsBack() {
    SupplierOrder shippedAndDisputed =
        new SupplierOrder(
            "o-2",
            "shp_b",
            "agy_1",
            TestOrders.PAID_AT,
            Map.of(
                "l1",
                new SupplierLine(
                    TestOrders.line("l1", "spu-a"), OrderStatus.DISPUTED, OrderStatus.SHIPPED),
                "l2",
                new SupplierLine(TestOrders.line("l2", "spu-b"), OrderStatus.REJECTED, null)),
            "SF",
            "SF123",
            new Logistics(LogisticsStatus.IN_TRANSIT, RECEIVED.plusSeconds(3_600)),
            null);
    for (SupplierOrder order : new SupplierOrder[] {fresh(), shippedAndDisputed}) {
      assertEquals(
          order, SupplierOrderCodec.INSTANCE.decode(SupplierOrderCodec.INSTANCE.encode(order)));
    }
  }

  @Test
  void anOrderWrittenStraightFromItsFirstDispatchReadsBackAsTheOrderItBrings() {
    DropshipDispatch dispatch =
        new DropshipDispatch(
            "d-1",
            "shp_a",
            "sup_1",
            "o-1",
            null,
            TestOrders.PAID_AT,
            List.of(TestOrders.line("o-1-l1", "spu-a"), TestOrders.line("o-1-l2", "spu-b")));

    byte[] bytes = SupplierOrderCodec.INSTANCE.encodeFirstDispatch(dispatch, RECEIVED);

    assertEquals(fresh(), SupplierOrderCodec.INSTANCE.decode(bytes));
    assertEquals(SupplierOrderCodec.INSTANCE.encode(fresh()).length, bytes.length);
  }

  @Test
  void aFreshTwoLineOrderTakesFewerThan200Bytes() {
    int bytes = SupplierOrderCodec.INSTANCE.encode(fresh()).length;
    assertTrue(bytes < 200, bytes + " bytes");
  }

  @Test
  void aSnapshotCopiesTheKeptBytesAsItWouldWriteTheOrder() {
    Map<String, SupplierOrder> plain = new HashMap<>(Map.of(fresh().key(), fresh()));
    EncodedMap<SupplierOrder> kept = EncodedMap.of(plain, SupplierOrderCodec.INSTANCE);
    CompactWriter fromObjects = new CompactWriter(64);
    SupplierStateSerializer.writeOrder(fromObjects, fresh());
    kept.forEachEncoded(
        (bytes, offset, length) ->
            assertArrayEquals(
                fromObjects.toByteArray(), Arrays.copyOfRange(bytes, offset, offset + length)));
  }
}
