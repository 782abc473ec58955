package io.daifa.wire;

import io.daifa.common.CborSerializable;
import io.daifa.common.DedupWindow;
import io.daifa.common.EncodedMap;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.Logistics;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderStatus;
import io.daifa.supplier.SupplierOrder;
import io.daifa.supplier.SupplierOrder.SupplierLine;
import io.daifa.supplier.SupplierState;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * A supplier's state, as its snapshots hold it: the order book (open orders and the window of
 * closed ones) in the compact form of {@link OrderBatchSerializer}'s lines, everything else as the
 * CBOR it had before ({@link Rest}), the whole compressed with LZ4 when large (deflated until
 * 2026-12-04; such snapshots still read). A snapshot of 200,000 open orders in CBOR took 1.6–2.5 s
 * to write and 3.7–4.7 s to read, and the supplier takes no command while its snapshot is written;
 * field names repeated per order were most of it.
 *
 * <p>Snapshots written as CBOR before name the CBOR serializer, and still read.
 */
public final class SupplierStateSerializer extends SerializerWithStringManifest {

  public static final int IDENTIFIER = 7_302;

  static final String MANIFEST = "SS";

  static final byte VERSION = 1;

  private static final byte PLAIN = 0;

  /** Written until 2026-12-04, and still read. */
  private static final byte DEFLATED = 1;

  /** After the code: the plain length as a varint, then one LZ4 block. */
  private static final byte LZ4 = 2;

  /**
   * A large book is compressed with LZ4, as a shop's snapshots are (serialization.conf): deflate at
   * its fastest level took 3 % of the in-memory pipeline's CPU for the suppliers' snapshots alone;
   * a small state is not worth compressing.
   */
  private static final int COMPRESS_ABOVE = 32 * 1024;

  private static final LZ4Factory LZ4_CODEC = LZ4Factory.fastestInstance();

  /** A book's plain length as read, at most: an array's, which no snapshot comes near. */
  private static final int MAX_PLAIN = Integer.MAX_VALUE - 16;

  /** Codes of the statuses as written: a list, so that reordering the enum changes no snapshot. */
  private static final List<OrderStatus> STATUSES =
      List.of(
          OrderStatus.PAID,
          OrderStatus.ALLOCATED,
          OrderStatus.ACCEPTED,
          OrderStatus.SHIPPED,
          OrderStatus.DISPUTED,
          OrderStatus.RECEIVED,
          OrderStatus.SETTLED,
          OrderStatus.REJECTED,
          OrderStatus.REFUNDED,
          OrderStatus.WITHDRAWN);

  private static final List<LogisticsStatus> LOGISTICS =
      List.of(LogisticsStatus.COLLECTED, LogisticsStatus.IN_TRANSIT, LogisticsStatus.DELIVERED);

  /** The state without its order book, serialized by Jackson as before. */
  public record Rest(SupplierState state) implements CborSerializable {}

  private final ExtendedActorSystem system;
  private volatile Serialization serialization;

  public SupplierStateSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    return MANIFEST;
  }

  private Serialization serialization() {
    // Looked up when first used: the extension is not ready while serializers are created.
    if (serialization == null) {
      serialization = SerializationExtension.get(system);
    }
    return serialization;
  }

  @Override
  public byte[] toBinary(Object o) {
    if (!(o instanceof SupplierState state)) {
      throw new IllegalArgumentException("not a supplier state: " + o.getClass());
    }
    byte[] rest = serialization().serialize(new Rest(withoutBook(state))).get();
    CompactWriter body = new CompactWriter(64 + rest.length + 128 * state.openOrders().size());
    body.writeVarint(rest.length);
    body.writeBytes(rest);
    writeOrders(body, state.openOrders());
    DedupWindow<SupplierOrder> closed = state.closedOrders();
    body.writeVarint(closed.windowMillis());
    body.writeSigned(closed.generationStartMillis());
    writeOrders(body, closed.current());
    writeOrders(body, closed.previous());
    byte[] plain = body.toByteArray();
    if (plain.length <= COMPRESS_ABOVE) {
      byte[] bytes = new byte[plain.length + 2];
      bytes[0] = VERSION;
      bytes[1] = PLAIN;
      System.arraycopy(plain, 0, bytes, 2, plain.length);
      return bytes;
    }
    return lz4(plain);
  }

  private static byte[] lz4(byte[] plain) {
    LZ4Compressor compressor = LZ4_CODEC.fastCompressor();
    CompactWriter header = new CompactWriter(16);
    header.writeByte(VERSION);
    header.writeByte(LZ4);
    header.writeVarint(plain.length);
    byte[] head = header.toByteArray();
    byte[] out = new byte[head.length + compressor.maxCompressedLength(plain.length)];
    System.arraycopy(head, 0, out, 0, head.length);
    int written = compressor.compress(plain, 0, plain.length, out, head.length);
    return Arrays.copyOf(out, head.length + written);
  }

  private static byte[] unLz4(byte[] bytes) throws NotSerializableException {
    CompactReader in = new CompactReader(bytes);
    in.readByte(); // the version and the compression, checked by the caller
    in.readByte();
    long plainLength = in.readVarint();
    if (plainLength < 0 || plainLength > MAX_PLAIN) {
      throw new NotSerializableException("a supplier state of " + plainLength + " bytes");
    }
    int offset = in.position();
    byte[] plain = new byte[(int) plainLength];
    try {
      int read =
          LZ4_CODEC
              .safeDecompressor()
              .decompress(bytes, offset, bytes.length - offset, plain, 0, plain.length);
      if (read != plain.length) {
        throw new NotSerializableException("a supplier state's LZ4 bytes end early");
      }
      return plain;
    } catch (LZ4Exception e) {
      throw new NotSerializableException("malformed LZ4 supplier state: " + e.getMessage());
    }
  }

  private static byte[] inflated(byte[] bytes, int offset) throws NotSerializableException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(bytes, offset, bytes.length - offset);
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 3);
      byte[] buffer = new byte[64 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new NotSerializableException("a supplier state's deflated bytes end early");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new NotSerializableException("malformed deflated supplier state: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private static SupplierState withoutBook(SupplierState s) {
    return new SupplierState(
        s.supplierId(),
        s.name(),
        s.identity(),
        s.requests(),
        Map.of(),
        s.seenDispatches(),
        DedupWindow.of(Duration.ofMillis(s.closedOrders().windowMillis())),
        s.pendingNotices(),
        s.noticeSeq(),
        s.lastAt(),
        s.market(),
        s.scores(),
        s.webhook());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (!MANIFEST.equals(manifest)) {
      throw new NotSerializableException("unknown manifest " + manifest);
    }
    if (bytes.length < 2 || bytes[0] != VERSION) {
      throw new NotSerializableException(
          "unknown format version "
              + (bytes.length == 0 ? "(none)" : bytes[0])
              + " of a supplier state; this reader knows 1");
    }
    CompactReader in =
        new CompactReader(
            switch (bytes[1]) {
              case PLAIN -> Arrays.copyOfRange(bytes, 2, bytes.length);
              case DEFLATED -> inflated(bytes, 2);
              case LZ4 -> unLz4(bytes);
              default -> throw new NotSerializableException("unknown compression " + bytes[1]);
            });
    byte[] restBytes = in.readBytes(in.readSize());
    SupplierState rest = serialization().deserialize(restBytes, Rest.class).get().state();
    Map<String, SupplierOrder> open = readOrders(in);
    long windowMillis = in.readVarint();
    long generationStart = in.readSigned();
    DedupWindow<SupplierOrder> closed =
        new DedupWindow<>(windowMillis, generationStart, readOrders(in), readOrders(in));
    if (!in.atEnd()) {
      throw new NotSerializableException("trailing bytes after a supplier state");
    }
    return new SupplierState(
        rest.supplierId(),
        rest.name(),
        rest.identity(),
        rest.requests(),
        open,
        rest.seenDispatches(),
        closed,
        rest.pendingNotices(),
        rest.noticeSeq(),
        rest.lastAt(),
        rest.market(),
        rest.scores(),
        rest.webhook());
  }

  private static void writeOrders(CompactWriter out, Map<String, SupplierOrder> orders) {
    out.writeVarint(orders.size());
    if (orders instanceof EncodedMap<SupplierOrder> encoded
        && encoded.isKeptBy(SupplierOrderCodec.INSTANCE)) {
      // Kept in the same form in memory: copied as they are, nothing decoded.
      encoded.forEachEncoded(out::writeBytes);
      return;
    }
    for (SupplierOrder order : orders.values()) {
      writeOrder(out, order);
    }
  }

  private static Map<String, SupplierOrder> readOrders(CompactReader in)
      throws NotSerializableException {
    int count = in.readSize();
    Map<String, SupplierOrder> orders = new HashMap<>(count * 4 / 3 + 1);
    for (int i = 0; i < count; i++) {
      SupplierOrder order = readOrder(in);
      orders.put(order.key(), order);
    }
    return orders;
  }

  static void writeOrder(CompactWriter out, SupplierOrder order) {
    writeOrderHead(
        out,
        order.orderId(),
        order.shopId(),
        order.agencyId(),
        order.paidAt(),
        order.receivedAt(),
        order.carrier(),
        order.trackingNo(),
        order.logistics());
    out.writeVarint(order.lines().size());
    for (SupplierLine line : order.lines().values()) {
      writeLine(out, line.line(), line.status(), line.beforeDispute());
    }
  }

  /**
   * What {@link #writeOrder} writes for the order a first dispatch brings (its lines allocated,
   * received {@code at}), written without building it. The line IDs of an order are unique
   * (OrderValidation), so the dispatch's lines are the order's.
   */
  static void writeFirstDispatch(CompactWriter out, DropshipDispatch dispatch, Instant at) {
    writeOrderHead(
        out,
        dispatch.orderId(),
        dispatch.shopId(),
        dispatch.agencyId(),
        dispatch.paidAt(),
        at,
        null,
        null,
        null);
    out.writeVarint(dispatch.lines().size());
    for (OrderLine line : dispatch.lines()) {
      writeLine(out, line, OrderStatus.ALLOCATED, null);
    }
  }

  private static void writeOrderHead(
      CompactWriter out,
      String orderId,
      String shopId,
      String agencyId,
      Instant paidAt,
      Instant receivedAt,
      String carrier,
      String trackingNo,
      Logistics logistics) {
    out.writeString(orderId);
    out.writeString(shopId);
    out.writeString(agencyId);
    writeOptionalInstant(out, paidAt);
    writeOptionalInstant(out, receivedAt);
    out.writeString(carrier);
    out.writeString(trackingNo);
    out.writeByte(logistics == null ? 0 : 1 + LOGISTICS.indexOf(logistics.status()));
    if (logistics != null) {
      writeOptionalInstant(out, logistics.at());
    }
  }

  private static void writeLine(
      CompactWriter out, OrderLine line, OrderStatus status, OrderStatus beforeDispute) {
    OrderBatchSerializer.writeLine(out, line);
    out.writeByte(STATUSES.indexOf(status));
    out.writeByte(beforeDispute == null ? 0 : 1 + STATUSES.indexOf(beforeDispute));
  }

  static SupplierOrder readOrder(CompactReader in) throws NotSerializableException {
    String orderId = in.readString();
    String shopId = in.readString();
    String agencyId = in.readString();
    Instant paidAt = readOptionalInstant(in);
    Instant receivedAt = readOptionalInstant(in);
    String carrier = in.readString();
    String trackingNo = in.readString();
    int logisticsCode = in.readByte();
    Logistics logistics =
        logisticsCode == 0
            ? null
            : new Logistics(code(LOGISTICS, logisticsCode - 1), readOptionalInstant(in));
    int lineCount = in.readSize();
    Map<String, SupplierLine> lines = new HashMap<>(lineCount * 2);
    for (int i = 0; i < lineCount; i++) {
      var line = OrderBatchSerializer.readLine(in);
      OrderStatus status = code(STATUSES, in.readByte());
      int before = in.readByte();
      lines.put(
          line.lineId(),
          new SupplierLine(line, status, before == 0 ? null : code(STATUSES, before - 1)));
    }
    return new SupplierOrder(
        orderId, shopId, agencyId, paidAt, lines, carrier, trackingNo, logistics, receivedAt);
  }

  private static <T> T code(List<T> codes, int code) throws NotSerializableException {
    if (code < 0 || code >= codes.size()) {
      throw new NotSerializableException("unknown code " + code);
    }
    return codes.get(code);
  }

  private static void writeOptionalInstant(CompactWriter out, Instant at) {
    out.writeByte(at == null ? 0 : 1);
    if (at != null) {
      out.writeInstant(at);
    }
  }

  private static Instant readOptionalInstant(CompactReader in) throws NotSerializableException {
    return in.readByte() == 0 ? null : in.readInstant();
  }
}
