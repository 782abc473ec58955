package io.daifa.wire;

import io.daifa.common.EpochMicros;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.routing.ManualReason;
import io.daifa.routing.RouteDecision;
import io.daifa.routing.RuleKind;
import io.daifa.shop.QueuedLine;
import io.daifa.shop.RoutedOrder;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopCommand.IngestOrders;
import io.daifa.shop.ShopEvent.OrdersRouted;
import io.daifa.store.ReusableEncoding;
import io.daifa.supplier.SupplierCommand.ReceiveDispatches;
import io.daifa.supplier.SupplierEvent.DispatchesReceived;
import java.io.NotSerializableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The compact, versioned form of the hot path's events and messages: a shop's routed batch, a
 * supplier's received dispatches, the delivery between them, and an intake batch on its way to its
 * shop (so that a batch bounded by its compact size stays that small between nodes). Every payload
 * starts with its format version; a reader keeps reading every version it ever wrote. Within a
 * routed order, a dispatch and a queued line name the order's lines by index instead of repeating
 * them, and take the order's ID, agency and payment time from the order, so a two-line order costs
 * about 220 bytes instead of about 1.1 KiB in CBOR.
 */
public final class OrderBatchSerializer extends SerializerWithStringManifest
    implements ReusableEncoding {

  /** Unique among the serializers of the actor system; never change it once data is written. */
  public static final int IDENTIFIER = 7_301;

  static final int VERSION = 1;

  /**
   * A delivery ({@code RD}) from version 2 on ends with the shop's send time ({@link
   * ReceiveDispatches#sentAt}), after a presence byte. A version-1 delivery (no time) still reads;
   * a router of version 1 refuses a version-2 delivery, which its shop sends again until that
   * router is upgraded (deliveries are redelivered until acknowledged).
   */
  static final int DELIVERY_VERSION = 2;

  /**
   * A routed batch ({@code OR}) from version 2 on ends each order with the commission rates of its
   * lines of picked market products (line index, rate). A batch without any is still written as
   * version 1, so only a shop selling market products writes what a version-1 router cannot read.
   */
  static final int COMMISSION_VERSION = 2;

  /**
   * A routed batch ({@code OR}) from version 3 on also ends each order with the decision of each
   * dispatched line, in the order of its dispatches and their lines: a byte for the rule's kind
   * ({@link #KIND_CODES}; bit 7 set when the rule's time is unknown), then the rule's time as
   * microseconds before the event's. Every batch routed since is version 3; a version-2 reader
   * refuses it, so a rollback past this version needs the journal of the shops it wrote.
   */
  static final int ROUTING_VERSION = 3;

  /**
   * A routed batch ({@code OR}) from version 4 on ends with the shop's read-side mark ({@link
   * OrdersRouted#readSideThrough}): the batch is fed to the read side by the shop, not by a tag.
   * Every batch written since is version 4; an earlier one reads back as {@link
   * OrdersRouted#TAGGED}. A version-3 reader refuses it, so a rollback past this version needs the
   * journal of the shops it wrote.
   */
  static final int READ_FEED_VERSION = 4;

  /** A rule kind's byte: stable when constants are added or reordered (0 is never a kind). */
  private static final List<RuleKind> KIND_CODES =
      List.of(
          RuleKind.NONE,
          RuleKind.SKU,
          RuleKind.SPU,
          RuleKind.WHOLE_SHOP,
          RuleKind.BACKUP,
          RuleKind.MANUAL_ASSIGNMENT);

  private static final int UNKNOWN_TIME = 0x80;

  static final String ORDERS_ROUTED = "OR";
  static final String DISPATCHES_RECEIVED = "DR";
  static final String RECEIVE_DISPATCHES = "RD";
  static final String INGEST_ORDERS = "IO";

  /** A manual reason's code is its name: stable when constants are added or reordered. */
  private static final Map<String, ManualReason> REASONS = new HashMap<>();

  static {
    for (ManualReason reason : ManualReason.values()) {
      REASONS.put(reason.name(), reason);
    }
  }

  /**
   * Where a batch is encoded, grown to the largest batch encoded on the thread (a batch is bounded
   * at 256 KiB): a writer started small doubled its array seven times for a batch of a hundred
   * orders, each time allocating and copying afresh.
   */
  private static final ThreadLocal<CompactWriter> SCRATCH =
      ThreadLocal.withInitial(() -> new CompactWriter(4096));

  /** Resolves the reply address of an intake batch; null where no actor system gave one. */
  private final ActorRefResolver refs;

  /** Events the intake log encoded for its row, to be written again by the journal's copy. */
  private final RememberedBytes remembered = new RememberedBytes();

  /** As Pekko creates it: with the system, so that intake batches can carry their reply address. */
  public OrderBatchSerializer(ExtendedActorSystem system) {
    this.refs = ActorRefResolver.get(Adapter.toTyped(system));
  }

  /** Without a system: everything but {@code IngestOrders}, whose reply address needs one. */
  public OrderBatchSerializer() {
    this.refs = null;
  }

  @Override
  public void remember(Object payload, byte[] bytes) {
    remembered.put(payload, bytes);
  }

  @Override
  public void forget(Object payload) {
    remembered.forget(payload);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof OrdersRouted) {
      return ORDERS_ROUTED;
    } else if (o instanceof DispatchesReceived) {
      return DISPATCHES_RECEIVED;
    } else if (o instanceof ReceiveDispatches) {
      return RECEIVE_DISPATCHES;
    } else if (o instanceof IngestOrders) {
      return INGEST_ORDERS;
    }
    throw new IllegalArgumentException("not a compact type: " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    byte[] known = remembered.take(o);
    if (known != null) {
      return known;
    }
    CompactWriter out = SCRATCH.get();
    out.reset();
    out.writeByte(versionOf(o));
    if (o instanceof OrdersRouted e) {
      writeOrdersRouted(out, e, versionOf(o));
    } else if (o instanceof DispatchesReceived e) {
      out.writeString(e.supplierId());
      out.writeInstant(e.at());
      writeDispatches(out, e.dispatches());
    } else if (o instanceof ReceiveDispatches m) {
      out.writeString(m.shopId());
      writeDispatches(out, m.dispatches());
      out.writeByte(m.sentAt() == null ? 0 : 1);
      if (m.sentAt() != null) {
        out.writeInstant(m.sentAt());
      }
    } else if (o instanceof IngestOrders m) {
      out.writeVarint(m.batchId());
      out.writeString(resolver().toSerializationFormat(m.replyTo()));
      out.writeVarint(m.orders().size());
      for (Order order : m.orders()) {
        writeOrder(out, order);
      }
    } else {
      throw new IllegalArgumentException("not a compact type: " + o.getClass());
    }
    return out.toByteArray();
  }

  private static int versionOf(Object o) {
    if (o instanceof ReceiveDispatches) {
      return DELIVERY_VERSION;
    }
    if (o instanceof OrdersRouted e) {
      if (e.fedDirectly()) {
        return READ_FEED_VERSION;
      }
      if (e.orders().stream().anyMatch(r -> !r.decisions().isEmpty())) {
        return ROUTING_VERSION;
      }
      if (e.orders().stream().anyMatch(r -> !r.commissionRates().isEmpty())) {
        return COMMISSION_VERSION;
      }
    }
    return VERSION;
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    CompactReader in = new CompactReader(bytes);
    int version = in.readByte();
    boolean known =
        version == VERSION
            || (version == DELIVERY_VERSION && manifest.equals(RECEIVE_DISPATCHES))
            || (version >= COMMISSION_VERSION
                && version <= READ_FEED_VERSION
                && manifest.equals(ORDERS_ROUTED));
    if (!known) {
      throw new NotSerializableException(
          "unknown format version "
              + version
              + " of "
              + manifest
              + "; this reader knows 1"
              + (manifest.equals(RECEIVE_DISPATCHES)
                  ? " and 2"
                  : manifest.equals(ORDERS_ROUTED) ? " to 4" : ""));
    }
    Object value =
        switch (manifest) {
          case ORDERS_ROUTED -> readOrdersRouted(in, version);
          case DISPATCHES_RECEIVED -> {
            String supplierId = in.readString();
            Instant at = in.readInstant();
            yield new DispatchesReceived(supplierId, readDispatches(in), at);
          }
          case RECEIVE_DISPATCHES -> readDelivery(in, version);
          case INGEST_ORDERS -> readIngestOrders(in);
          default -> throw new NotSerializableException("unknown manifest " + manifest);
        };
    if (!in.atEnd()) {
      throw new NotSerializableException("trailing bytes after " + manifest);
    }
    return value;
  }

  private static ReceiveDispatches readDelivery(CompactReader in, int version)
      throws NotSerializableException {
    String shopId = in.readString();
    List<DropshipDispatch> dispatches = readDispatches(in);
    Instant sentAt = null;
    if (version >= DELIVERY_VERSION) {
      int present = in.readByte();
      if (present == 1) {
        sentAt = in.readInstant();
      } else if (present != 0) {
        throw new NotSerializableException("malformed send time of a delivery");
      }
    }
    return new ReceiveDispatches(shopId, dispatches, sentAt);
  }

  private IngestOrders readIngestOrders(CompactReader in) throws NotSerializableException {
    long batchId = in.readVarint();
    ActorRef<ShopCommand.IngestResult> replyTo = resolver().resolveActorRef(in.readString());
    int count = in.readSize();
    List<Order> orders = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      orders.add(readOrder(in));
    }
    return new IngestOrders(batchId, orders, replyTo);
  }

  private ActorRefResolver resolver() {
    if (refs == null) {
      throw new IllegalStateException("an intake batch needs the actor system's serializer");
    }
    return refs;
  }

  /** An order alone in the compact form: the least any router must make durable for it. */
  public static byte[] orderBytes(Order order) {
    CompactWriter out = new CompactWriter(256);
    writeOrder(out, order);
    return out.toByteArray();
  }

  private static void writeOrdersRouted(CompactWriter out, OrdersRouted e, int version) {
    out.writeString(e.shopId());
    out.writeInstant(e.at());
    out.writeVarint(e.confirmedDispatchIds().size());
    for (String id : e.confirmedDispatchIds()) {
      out.writeString(id);
    }
    out.writeVarint(e.orders().size());
    for (RoutedOrder routed : e.orders()) {
      Order order = routed.order();
      writeOrder(out, order);
      out.writeFixed64(routed.fingerprint());
      Map<String, Integer> index = lineIndex(order);
      out.writeVarint(routed.dispatches().size());
      for (DropshipDispatch dispatch : routed.dispatches()) {
        requireOfOrder(e.shopId(), order, dispatch);
        out.writeString(dispatch.dispatchId());
        out.writeString(dispatch.supplierId());
        out.writeVarint(dispatch.lines().size());
        for (OrderLine line : dispatch.lines()) {
          out.writeVarint(indexOf(index, line, order));
        }
      }
      out.writeVarint(routed.queued().size());
      for (QueuedLine queued : routed.queued()) {
        requireOfOrder(order, queued);
        out.writeVarint(indexOf(index, queued.line(), order));
        out.writeString(queued.reason().name());
      }
      if (version >= COMMISSION_VERSION) {
        out.writeVarint(routed.commissionRates().size());
        for (Map.Entry<String, Integer> rate : routed.commissionRates().entrySet()) {
          Integer i = index.get(rate.getKey());
          if (i == null) {
            throw new IllegalArgumentException(
                "commission rate of line " + rate.getKey() + ", not a line of " + order.orderId());
          }
          out.writeVarint(i);
          out.writeVarint(rate.getValue());
        }
      }
      if (version >= ROUTING_VERSION) {
        writeDecisions(out, e.at(), routed);
      }
    }
    if (version >= READ_FEED_VERSION) {
      out.writeVarint(e.readSideThrough());
    }
  }

  private static void writeDecisions(CompactWriter out, Instant at, RoutedOrder routed) {
    int lines = 0;
    for (DropshipDispatch dispatch : routed.dispatches()) {
      lines += dispatch.lines().size();
    }
    if (routed.decisions().size() != lines) {
      // An order routed without decisions in a batch with some: only a legacy event could be one.
      throw new IllegalArgumentException(
          "order " + routed.order().orderId() + " has no decision for each dispatched line");
    }
    long atMicros = EpochMicros.of(at);
    for (RouteDecision decision : routed.decisions()) {
      int code = KIND_CODES.indexOf(decision.kind());
      if (decision.setAt() == null) {
        out.writeByte(code | UNKNOWN_TIME);
      } else {
        out.writeByte(code);
        out.writeSigned(atMicros - EpochMicros.of(decision.setAt()));
      }
    }
  }

  private static List<RouteDecision> readDecisions(
      CompactReader in, Instant at, List<DropshipDispatch> dispatches)
      throws NotSerializableException {
    int lines = 0;
    for (DropshipDispatch dispatch : dispatches) {
      lines += dispatch.lines().size();
    }
    long atMicros = EpochMicros.of(at);
    List<RouteDecision> decisions = new ArrayList<>(lines);
    for (int i = 0; i < lines; i++) {
      int b = in.readByte();
      int code = b & ~UNKNOWN_TIME;
      if (code == 0 || code >= KIND_CODES.size()) {
        throw new NotSerializableException("unknown rule kind " + code);
      }
      Instant setAt = null;
      if ((b & UNKNOWN_TIME) == 0) {
        long setMicros = atMicros - in.readSigned();
        setAt = EpochMicros.toInstant(setMicros);
      }
      decisions.add(new RouteDecision(KIND_CODES.get(code), setAt));
    }
    return decisions;
  }

  private static OrdersRouted readOrdersRouted(CompactReader in, int version)
      throws NotSerializableException {
    String shopId = in.readString();
    Instant at = in.readInstant();
    int confirmedCount = in.readSize();
    List<String> confirmed = new ArrayList<>(confirmedCount);
    for (int i = 0; i < confirmedCount; i++) {
      confirmed.add(in.readString());
    }
    int orderCount = in.readSize();
    List<RoutedOrder> orders = new ArrayList<>(orderCount);
    for (int i = 0; i < orderCount; i++) {
      Order order = readOrder(in);
      long fingerprint = in.readFixed64();
      int dispatchCount = in.readSize();
      List<DropshipDispatch> dispatches = new ArrayList<>(dispatchCount);
      for (int d = 0; d < dispatchCount; d++) {
        String dispatchId = in.readString();
        String supplierId = in.readString();
        int lineCount = in.readSize();
        List<OrderLine> lines = new ArrayList<>(lineCount);
        for (int l = 0; l < lineCount; l++) {
          lines.add(line(order, in.readIndex()));
        }
        dispatches.add(
            new DropshipDispatch(
                dispatchId,
                shopId,
                supplierId,
                order.orderId(),
                order.agencyId(),
                order.paidAt(),
                lines));
      }
      int queuedCount = in.readSize();
      List<QueuedLine> queued = new ArrayList<>(queuedCount);
      for (int q = 0; q < queuedCount; q++) {
        OrderLine line = line(order, in.readIndex());
        String reasonName = in.readString();
        ManualReason reason = REASONS.get(reasonName);
        if (reason == null) {
          throw new NotSerializableException("unknown manual reason " + reasonName);
        }
        queued.add(new QueuedLine(order.orderId(), order.agencyId(), order.paidAt(), line, reason));
      }
      Map<String, Integer> rates = new HashMap<>();
      if (version >= COMMISSION_VERSION) {
        int rateCount = in.readSize();
        for (int r = 0; r < rateCount; r++) {
          OrderLine line = line(order, in.readIndex());
          rates.put(line.lineId(), (int) in.readVarint());
        }
      }
      List<RouteDecision> decisions =
          version >= ROUTING_VERSION ? readDecisions(in, at, dispatches) : List.of();
      orders.add(new RoutedOrder(order, fingerprint, dispatches, queued, rates, decisions));
    }
    long readSideThrough = version >= READ_FEED_VERSION ? in.readVarint() : OrdersRouted.TAGGED;
    return new OrdersRouted(shopId, orders, confirmed, readSideThrough, at);
  }

  private static void writeDispatches(CompactWriter out, List<DropshipDispatch> dispatches) {
    out.writeVarint(dispatches.size());
    for (DropshipDispatch d : dispatches) {
      out.writeString(d.dispatchId());
      out.writeString(d.shopId());
      out.writeString(d.supplierId());
      out.writeString(d.orderId());
      out.writeString(d.agencyId());
      out.writeInstant(d.paidAt());
      writeLines(out, d.lines());
    }
  }

  private static List<DropshipDispatch> readDispatches(CompactReader in)
      throws NotSerializableException {
    int count = in.readSize();
    List<DropshipDispatch> dispatches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      dispatches.add(
          new DropshipDispatch(
              in.readString(),
              in.readString(),
              in.readString(),
              in.readString(),
              in.readString(),
              in.readInstant(),
              readLines(in)));
    }
    return dispatches;
  }

  private static void writeOrder(CompactWriter out, Order order) {
    out.writeString(order.orderId());
    out.writeString(order.shopId());
    out.writeString(order.buyerId());
    out.writeString(order.agencyId());
    out.writeInstant(order.paidAt());
    writeLines(out, order.lines());
  }

  private static Order readOrder(CompactReader in) throws NotSerializableException {
    return new Order(
        in.readString(),
        in.readString(),
        in.readString(),
        in.readString(),
        in.readInstant(),
        readLines(in));
  }

  private static void writeLines(CompactWriter out, List<OrderLine> lines) {
    out.writeVarint(lines.size());
    for (OrderLine line : lines) {
      writeLine(out, line);
    }
  }

  static void writeLine(CompactWriter out, OrderLine line) {
    out.writeString(line.lineId());
    out.writeString(line.spuId());
    out.writeString(line.skuId());
    out.writeVarint(line.quantity());
    out.writeSigned(line.userPaid().value());
    out.writeSigned(line.paymentSubsidy().value());
    out.writeSigned(line.influencerDiscount().value());
    out.writeSigned(line.platformDiscount().value());
    out.writeSigned(line.feeRateBp().value());
  }

  private static List<OrderLine> readLines(CompactReader in) throws NotSerializableException {
    int count = in.readSize();
    List<OrderLine> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(readLine(in));
    }
    return lines;
  }

  static OrderLine readLine(CompactReader in) throws NotSerializableException {
    return new OrderLine(
        in.readString(),
        in.readString(),
        in.readString(),
        (int) in.readVarint(),
        Fen.of(in.readSigned()),
        Fen.of(in.readSigned()),
        Fen.of(in.readSigned()),
        Fen.of(in.readSigned()),
        BasisPoints.of((int) in.readSigned()));
  }

  private static Map<String, Integer> lineIndex(Order order) {
    Map<String, Integer> index = new HashMap<>(order.lines().size() * 2);
    for (int i = 0; i < order.lines().size(); i++) {
      index.put(order.lines().get(i).lineId(), i);
    }
    return index;
  }

  /** A routed line is always a line of its order: the routing core only splits an order. */
  private static int indexOf(Map<String, Integer> index, OrderLine line, Order order) {
    Integer i = index.get(line.lineId());
    if (i == null || !order.lines().get(i).equals(line)) {
      throw new IllegalArgumentException(
          "line " + line.lineId() + " is not a line of order " + order.orderId());
    }
    return i;
  }

  /** What the compact form takes from the order must be the order's, or it would be lost. */
  private static void requireOfOrder(String shopId, Order order, DropshipDispatch dispatch) {
    if (!shopId.equals(dispatch.shopId())
        || !order.orderId().equals(dispatch.orderId())
        || !Objects.equals(order.agencyId(), dispatch.agencyId())
        || !order.paidAt().equals(dispatch.paidAt())) {
      throw new IllegalArgumentException(
          "dispatch " + dispatch.dispatchId() + " does not match order " + order.orderId());
    }
  }

  private static void requireOfOrder(Order order, QueuedLine queued) {
    if (!order.orderId().equals(queued.orderId())
        || !Objects.equals(order.agencyId(), queued.agencyId())
        || !order.paidAt().equals(queued.paidAt())) {
      throw new IllegalArgumentException(
          "queued line " + queued.lineId() + " does not match order " + order.orderId());
    }
  }

  private static OrderLine line(Order order, int index) throws NotSerializableException {
    if (index >= order.lines().size()) {
      throw new NotSerializableException(
          "line index " + index + " outside order " + order.orderId());
    }
    return order.lines().get(index);
  }
}
