package io.daifa.wire;

import io.daifa.common.EncodedMap;
import io.daifa.order.DropshipDispatch;
import io.daifa.supplier.SupplierOrder;
import java.io.NotSerializableException;
import java.time.Instant;

/**
 * A supplier's order as its state keeps it in memory: in the compact form of a snapshot's order
 * book ({@link SupplierStateSerializer}), so that a snapshot copies the bytes as they are. About
 * 150 bytes for a two-line order, where the same order as objects (its record, a map of lines, two
 * line records, amounts and strings) took more than a kilobyte of heap.
 */
public final class SupplierOrderCodec implements EncodedMap.Codec<SupplierOrder> {

  public static final SupplierOrderCodec INSTANCE = new SupplierOrderCodec();

  /**
   * Each thread encodes into a buffer of its own and copies out the exact bytes: a buffer per
   * order, sized for the worst case and then copied, was a twentieth of the in-memory pipeline's
   * allocation. It grows to the largest order encoded on the thread (500 lines at most).
   */
  private static final ThreadLocal<CompactWriter> SCRATCH =
      ThreadLocal.withInitial(() -> new CompactWriter(1024));

  private SupplierOrderCodec() {}

  @Override
  public byte[] encode(SupplierOrder order) {
    CompactWriter out = SCRATCH.get();
    out.reset();
    SupplierStateSerializer.writeOrder(out, order);
    return out.toByteArray();
  }

  /**
   * The bytes of the order a first dispatch brings (its lines allocated, received {@code at}),
   * written straight from the dispatch: building the order first (its line map copied twice, a
   * record per line) was a tenth of the in-memory pipeline's allocation.
   */
  public byte[] encodeFirstDispatch(DropshipDispatch dispatch, Instant at) {
    CompactWriter out = SCRATCH.get();
    out.reset();
    SupplierStateSerializer.writeFirstDispatch(out, dispatch, at);
    return out.toByteArray();
  }

  @Override
  public SupplierOrder decode(byte[] bytes, int offset, int length) {
    try {
      CompactReader in = new CompactReader(bytes, offset, length);
      SupplierOrder order = SupplierStateSerializer.readOrder(in);
      if (!in.atEnd()) {
        throw new NotSerializableException("trailing bytes after an order");
      }
      return order;
    } catch (NotSerializableException e) {
      // Only this class writes these bytes, in this process: a failure here is a bug.
      throw new IllegalStateException("an open order kept in memory does not read back", e);
    }
  }
}
