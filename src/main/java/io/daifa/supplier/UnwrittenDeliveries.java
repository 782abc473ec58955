package io.daifa.supplier;

import io.daifa.order.DropshipDispatch;
import io.daifa.supplier.SupplierCommand.ReceiveDispatches;
import io.daifa.wire.CompactSize;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The deliveries of dispatches a supplier has taken and not yet written. A supplier hears from many
 * shops, each sending one delivery per intake batch; written one by one they cost one journal write
 * each. Instead they wait here for the supplier's next write, and every delivery that arrived while
 * the previous write was in flight goes into one event (group commit). Not state: a delivery lost
 * in a crash before its write was never acknowledged, and its shop sends it again.
 */
final class UnwrittenDeliveries {

  /**
   * A supplier's batch event stays under this, like a shop's intake batch, well under the 256 KiB
   * of a remote message.
   */
  static final long MAX_EVENT_BYTES = 192 * 1024;

  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

  private record Waiting(ReceiveDispatches delivery, long bytes) {}

  /** Adds a delivery; true when nothing was waiting before it, so a write has to be asked for. */
  boolean add(ReceiveDispatches delivery) {
    long bytes = 0;
    for (DropshipDispatch dispatch : delivery.dispatches()) {
      bytes += CompactSize.of(dispatch);
    }
    waiting.add(new Waiting(delivery, bytes));
    return waiting.size() == 1;
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  /** The next deliveries to write together, in arrival order: the first, then all that fit. */
  List<ReceiveDispatches> take() {
    List<ReceiveDispatches> taken = new ArrayList<>();
    long bytes = 0;
    while (!waiting.isEmpty()
        && (taken.isEmpty() || bytes + waiting.peek().bytes() <= MAX_EVENT_BYTES)) {
      Waiting next = waiting.poll();
      taken.add(next.delivery());
      bytes += next.bytes();
    }
    return taken;
  }

  /** The dispatches of these deliveries the supplier has not seen, each once, in order. */
  static List<DropshipDispatch> unseen(SupplierState state, List<ReceiveDispatches> deliveries) {
    List<DropshipDispatch> unseen = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (ReceiveDispatches delivery : deliveries) {
      for (DropshipDispatch dispatch : delivery.dispatches()) {
        if (!state.hasSeen(dispatch) && taken.add(SupplierState.dispatchKey(dispatch))) {
          unseen.add(dispatch);
        }
      }
    }
    return unseen;
  }
}
