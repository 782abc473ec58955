package io.daifa.shop;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daifa.common.Generations;
import io.daifa.common.StringHash;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import io.daifa.shop.OrderReceipt.SupplierLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The orders a shop took within its de-duplication window, so that a resend is answered with the
 * first receipt and a reused ID with another body is refused. Lean, for shops that take hundreds of
 * thousands of orders in a window: per order three longs in primitive arrays ({@link OrderIdTable})
 * and 24 bytes in a snapshot — a 64-bit hash of the order ID, the body's fingerprint, and the
 * routing shape (per line, the supplier it went to as an index into the shop's supplier list, or
 * the manual queue). A receipt is rebuilt from the resent order, which is the first one's body when
 * the fingerprints match. An order whose shape does not fit a long (more than {@value
 * #PACKED_LINES} lines, or a supplier index beyond {@value #MAX_CODE}) keeps its whole receipt.
 *
 * <p>Two order IDs with the same 64-bit hash (about 10⁻⁹ for 300,000 orders in a window) would look
 * like one: the second is refused as a reused ID, as its fingerprint differs.
 *
 * <p>Time is kept in two {@link Generations}: an order lives between one and two windows, by event
 * time, so a replay rebuilds the same window.
 *
 * <p>Mutable, unlike the rest of the shop's state: the entity's event handler adds to it in place,
 * and snapshots and {@code GetState} answers take a {@link #copy}.
 */
public final class SeenOrders {

  static final int PACKED_LINES = 7;
  static final int MAX_CODE = 510;
  private static final int BITS = 9;
  private static final long CODE_MASK = (1L << BITS) - 1;
  private static final int MANUAL = 0;

  /** The shape of an order whose receipt is kept whole. */
  private static final long WHOLE = -1L;

  /** Reads the snapshot form back from the tree the CBOR mapper built. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Generations<Generation> seen;
  private final List<String> suppliers;
  private final Map<String, Integer> supplierCodes;

  /** One generation: the table, and the receipts kept whole by key. */
  private record Generation(OrderIdTable table, Map<Long, OrderReceipt> whole) {
    Generation() {
      this(new OrderIdTable(), new HashMap<>());
    }

    Generation copy() {
      return new Generation(table.copy(), new HashMap<>(whole));
    }

    int size() {
      return table.size();
    }
  }

  private SeenOrders(
      long windowMillis,
      long generationStartMillis,
      Generation current,
      Generation previous,
      List<String> suppliers) {
    this(
        new Generations<>(windowMillis, generationStartMillis, current, previous, Generation::new),
        suppliers);
  }

  private SeenOrders(Generations<Generation> seen, List<String> suppliers) {
    this.seen = seen;
    this.suppliers = new ArrayList<>(suppliers);
    this.supplierCodes = new HashMap<>();
    for (int i = 0; i < suppliers.size(); i++) {
      supplierCodes.put(suppliers.get(i), i + 1);
    }
  }

  public static SeenOrders of(Duration window) {
    return new SeenOrders(Generations.empty(window.toMillis(), Generation::new), List.of());
  }

  public int size() {
    return seen.current().size() + seen.previous().size();
  }

  public boolean contains(String orderId) {
    long key = key(orderId);
    return seen.current().table().find(key) >= 0 || seen.previous().table().find(key) >= 0;
  }

  /**
   * The answer for an order sent before: null when its ID is new; else its first receipt when
   * {@code fingerprint} is that of the first body, or an empty receipt naming the ID when not.
   */
  public Resend resend(Order order, long fingerprint) {
    long key = key(order.orderId());
    Resend found = resend(seen.current(), key, order, fingerprint);
    return found != null ? found : resend(seen.previous(), key, order, fingerprint);
  }

  private Resend resend(Generation generation, long key, Order order, long fingerprint) {
    int slot = generation.table().find(key);
    if (slot < 0) {
      return null;
    }
    if (generation.table().fingerprintAt(slot) != fingerprint) {
      return new Resend(false, null);
    }
    long shape = generation.table().shapeAt(slot);
    return new Resend(true, shape == WHOLE ? generation.whole().get(key) : receipt(order, shape));
  }

  /** A resent order: the same body as the first, with its first receipt, or another body. */
  public record Resend(boolean sameBody, OrderReceipt receipt) {}

  /** Remembers a routed order at {@code at} (event time). */
  public void add(RoutedOrder routed, Instant at) {
    Generation current = seen.at(at.toEpochMilli());
    long key = key(routed.order().orderId());
    long shape = shape(routed);
    current.table().put(key, routed.fingerprint(), shape);
    if (shape == WHOLE) {
      current.whole().put(key, routed.receipt());
    } else {
      current.whole().remove(key);
    }
  }

  /** A copy that later additions to this one do not change. */
  public SeenOrders copy() {
    return new SeenOrders(seen.copy(Generation::copy), suppliers);
  }

  /** Per line of the order, the code of the supplier whose dispatch holds it, else manual. */
  private long shape(RoutedOrder routed) {
    List<OrderLine> lines = routed.order().lines();
    if (lines.size() > PACKED_LINES) {
      return WHOLE;
    }
    long shape = 0;
    for (DropshipDispatch dispatch : routed.dispatches()) {
      int code = supplierCode(dispatch.supplierId());
      if (code > MAX_CODE) {
        return WHOLE;
      }
      for (OrderLine line : dispatch.lines()) {
        shape |= (long) code << (BITS * lines.indexOf(line));
      }
    }
    return shape;
  }

  private int supplierCode(String supplierId) {
    Integer code = supplierCodes.get(supplierId);
    if (code == null) {
      suppliers.add(supplierId);
      code = suppliers.size();
      supplierCodes.put(supplierId, code);
    }
    return code;
  }

  /**
   * The receipt routing gave: groups by supplier in the order of their first line, each with its
   * lines in order, then the lines left for manual allocation (as {@code AllocationTable.route}).
   */
  private OrderReceipt receipt(Order order, long shape) {
    List<String> groupSuppliers = new ArrayList<>(2);
    List<List<String>> groupLines = new ArrayList<>(2);
    List<String> manual = new ArrayList<>(0);
    List<OrderLine> lines = order.lines();
    for (int i = 0; i < lines.size(); i++) {
      int code = (int) ((shape >>> (BITS * i)) & CODE_MASK);
      String lineId = lines.get(i).lineId();
      if (code == MANUAL) {
        manual.add(lineId);
        continue;
      }
      String supplierId = suppliers.get(code - 1);
      int group = groupSuppliers.indexOf(supplierId);
      if (group < 0) {
        groupSuppliers.add(supplierId);
        groupLines.add(new ArrayList<>(lines.size()));
        group = groupSuppliers.size() - 1;
      }
      groupLines.get(group).add(lineId);
    }
    List<SupplierLines> groups = new ArrayList<>(groupSuppliers.size());
    for (int i = 0; i < groupSuppliers.size(); i++) {
      groups.add(new SupplierLines(groupSuppliers.get(i), groupLines.get(i)));
    }
    return new OrderReceipt(
        order.orderId(),
        manual.isEmpty() ? OrderStatus.ALLOCATED : OrderStatus.PAID,
        groups,
        manual);
  }

  /** A 64-bit hash of the order ID (FNV-1a over its chars, then MurmurHash3's finalizer). */
  static long key(String orderId) {
    return OrderIdTable.key(StringHash.of(orderId));
  }

  // ---- snapshot form ----

  /** The snapshot form: the tables as bytes, receipts kept whole by key. */
  record Packed(
      long windowMillis,
      long generationStartMillis,
      List<String> suppliers,
      byte[] current,
      byte[] previous,
      Map<Long, OrderReceipt> currentWhole,
      Map<Long, OrderReceipt> previousWhole) {}

  @JsonValue
  Packed packed() {
    return new Packed(
        seen.windowMillis(),
        seen.startMillis(),
        List.copyOf(suppliers),
        seen.current().table().toBytes(),
        seen.previous().table().toBytes(),
        seen.current().whole(),
        seen.previous().whole());
  }

  /** Reads the snapshot form, or the form before it (a window of whole receipts by order ID). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static SeenOrders fromJson(JsonNode node) {
    try {
      JsonNode current = node.get("current");
      if (current != null && current.isObject()) {
        return fromLegacy(node);
      }
      Packed packed = JSON.treeToValue(node, Packed.class);
      return new SeenOrders(
          packed.windowMillis(),
          packed.generationStartMillis(),
          new Generation(
              OrderIdTable.fromBytes(packed.current()), new HashMap<>(packed.currentWhole())),
          new Generation(
              OrderIdTable.fromBytes(packed.previous()), new HashMap<>(packed.previousWhole())),
          packed.suppliers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Snapshots before this class held a {@code DedupWindow} of (fingerprint, receipt). */
  private static SeenOrders fromLegacy(JsonNode node) throws IOException {
    return new SeenOrders(
        node.get("windowMillis").asLong(),
        node.get("generationStartMillis").asLong(),
        legacyGeneration(node.get("current")),
        legacyGeneration(node.get("previous")),
        List.of());
  }

  private static Generation legacyGeneration(JsonNode entries) throws IOException {
    Generation generation = new Generation();
    if (entries == null) {
      return generation;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      long key = key(entry.getKey());
      generation.table().put(key, entry.getValue().get("fingerprint").asLong(), WHOLE);
      generation
          .whole()
          .put(key, JSON.treeToValue(entry.getValue().get("receipt"), OrderReceipt.class));
    }
    return generation;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeenOrders other
        && seen.equals(other.seen)
        && suppliers.equals(other.suppliers);
  }

  @Override
  public int hashCode() {
    return seen.hashCode();
  }

  @Override
  public String toString() {
    return "SeenOrders[current="
        + seen.current().size()
        + ", previous="
        + seen.previous().size()
        + "]";
  }
}
