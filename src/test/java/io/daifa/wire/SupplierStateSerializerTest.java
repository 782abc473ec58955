package io.daifa.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.EntityTestSupport;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.TestOrders;
import io.daifa.supplier.SupplierEvent;
import io.daifa.supplier.SupplierIdentity;
import io.daifa.supplier.SupplierState;
import java.io.NotSerializableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupplierStateSerializerTest {

  private static final Instant AT = Instant.parse("2026-11-11T00:00:00Z");

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private final SupplierStateSerializer serializer =
      new SupplierStateSerializer((ExtendedActorSystem) Adapter.toClassic(testKit.system()));

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private static SupplierState withOpenOrders(int count) {
    SupplierState state =
        SupplierState.empty("sup_x", Duration.ofHours(72))
            .apply(
                new SupplierEvent.SupplierRegistered(
                    "sup_x", "Supplier", SupplierIdentity.SUPPLIER, AT));
    List<DropshipDispatch> dispatches = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String orderId = "o-" + i;
      dispatches.add(
          new DropshipDispatch(
              "d-" + i,
              "shp_a",
              "sup_x",
              orderId,
              i % 2 == 0 ? "agy_1" : null,
              TestOrders.PAID_AT,
              TestOrders.order(orderId, "shp_a", "spu-a", "spu-b").lines()));
    }
    return state.apply(new SupplierEvent.DispatchesReceived("sup_x", dispatches, AT));
  }

  private Object roundTrip(SupplierState state) throws NotSerializableException {
    return serializer.fromBinary(serializer.toBinary(state), serializer.manifest(state));
  }

  @Test
  void aSmallStateIsWrittenPlainAndALargeOneInLz4BothReadingBackEqual() throws Exception {
    SupplierState small = withOpenOrders(3);
    byte[] plain = serializer.toBinary(small);
    assertEquals(0, plain[1], "not compressed");
    assertEquals(small, roundTrip(small));

    SupplierState large = withOpenOrders(5_000);
    byte[] compressed = serializer.toBinary(large);
    assertEquals(2, compressed[1], "LZ4");
    assertTrue(compressed.length < 5_000 * 60, compressed.length + " bytes for 5,000 open orders");
    assertEquals(large, roundTrip(large));
  }

  /** Snapshots written before LZ4 have their book deflated, and still read. */
  @Test
  void aDeflatedStateAsWrittenBeforeStillReads() throws Exception {
    SupplierState state = withOpenOrders(3);
    byte[] plain = serializer.toBinary(state);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    deflater.setInput(plain, 2, plain.length - 2);
    deflater.finish();
    byte[] buffer = new byte[plain.length + 64];
    int length = deflater.deflate(buffer);
    assertTrue(deflater.finished());
    deflater.end();
    byte[] deflated = new byte[length + 2];
    deflated[0] = plain[0];
    deflated[1] = 1;
    System.arraycopy(buffer, 0, deflated, 2, length);
    assertEquals(state, serializer.fromBinary(deflated, SupplierStateSerializer.MANIFEST));
  }

  @Test
  void bytesItDidNotWriteAreRefusedNamingWhy() {
    byte[] good = serializer.toBinary(withOpenOrders(5_000));
    byte[] otherVersion = good.clone();
    otherVersion[0] = 9;
    byte[] otherCompression = good.clone();
    otherCompression[1] = 7;
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    String manifest = SupplierStateSerializer.MANIFEST;
    assertTrue(
        assertThrows(
                NotSerializableException.class, () -> serializer.fromBinary(otherVersion, manifest))
            .getMessage()
            .contains("version 9"));
    assertTrue(
        assertThrows(
                NotSerializableException.class,
                () -> serializer.fromBinary(otherCompression, manifest))
            .getMessage()
            .contains("compression 7"));
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, manifest));
    assertThrows(
        NotSerializableException.class, () -> serializer.fromBinary(new byte[0], manifest));
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(good, "OR"));
  }
}
