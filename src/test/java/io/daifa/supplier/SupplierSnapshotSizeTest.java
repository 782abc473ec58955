package io.daifa.supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.EntityTestSupport;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.OrderLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A supplier's snapshot holds every open order, and is written again as its book grows ({@link
 * io.daifa.common.SnapshotPace}). Compact and deflated ({@link
 * io.daifa.wire.SupplierStateSerializer}) an open order costs under 100 bytes, with the dispatch it
 * came in remembered: 200,000 open orders make a snapshot of about 15 MB, written in pieces ({@link
 * io.daifa.store.ChunkedSnapshotStore}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupplierSnapshotSizeTest {

  private static final Instant AT = Instant.parse("2026-11-11T00:00:00Z");

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private final Serialization serialization = SerializationExtension.get(testKit.system());

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  /** Open orders of 1 to 3 lines with random IDs, SPUs, amounts and shops. */
  private static SupplierState withOpenOrders(int count) {
    Random random = new Random(11);
    SupplierState state =
        SupplierState.empty("sup_x", Duration.ofHours(72))
            .apply(
                new SupplierEvent.SupplierRegistered(
                    "sup_x", "Supplier", SupplierIdentity.SUPPLIER, AT));
    List<DropshipDispatch> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<OrderLine> lines = new ArrayList<>();
      for (int l = 0; l < 1 + random.nextInt(3); l++) {
        String spu = "spu-" + random.nextInt(50);
        lines.add(
            new OrderLine(
                Integer.toString(l + 1),
                spu,
                spu + "-" + random.nextInt(5),
                1 + random.nextInt(3),
                Fen.of(100 + random.nextInt(50_000)),
                Fen.ZERO,
                Fen.of(random.nextInt(500)),
                Fen.ZERO,
                BasisPoints.of(500)));
      }
      batch.add(
          new DropshipDispatch(
              "d" + i,
              "shp_" + (char) ('a' + random.nextInt(20)) + "lwywuuk6ogiilelbmod",
              "sup_x",
              Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()),
              "agy_7qk2m4rtd9s0h1c8xvbn",
              AT.plusMillis(random.nextInt(1_000_000)),
              lines));
      if (batch.size() == 500) {
        state = state.apply(new SupplierEvent.DispatchesReceived("sup_x", batch, AT));
        batch = new ArrayList<>();
      }
    }
    return state;
  }

  @Test
  void anOpenOrderCostsUnderOneHundredBytesInASnapshot() throws Exception {
    int orders = 20_000;
    SupplierState state = withOpenOrders(orders);
    byte[] bytes = serialization.serialize(state).get();
    assertTrue(
        bytes.length < orders * 100,
        bytes.length / orders + " bytes per open order (" + bytes.length + " in all)");
    Serializer serializer = serialization.findSerializerFor(state);
    Object back =
        serialization
            .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, state))
            .get();
    assertEquals(state, back);
  }
}
