package io.daifa.shop;

import io.daifa.common.CborSerializable;
import io.daifa.common.DedupWindow;
import io.daifa.routing.AllocationTable;
import java.util.Map;

/**
 * What the HTTP API shows of a shop: its name, allocation table, bindings, invites and manual queue
 * and picked market products — without the orders of its de-duplication window and its
 * unacknowledged dispatches, which grow with its traffic (a shop with 300,000 orders in its window
 * holds megabytes of them). The answer to {@link ShopCommand.GetView}, which may cross nodes, where
 * a message above Artery's frame size (256 KiB) is dropped.
 */
public record ShopView(
    String shopId,
    String name,
    AllocationTable allocation,
    Map<String, ShopState.Binding> bindings,
    DedupWindow<ShopState.Invite> invites,
    Map<String, QueuedLine> manualQueue,
    Map<String, MarketPick> picks)
    implements CborSerializable {

  public static ShopView of(ShopState state) {
    return new ShopView(
        state.shopId(),
        state.name(),
        state.allocation(),
        state.bindings(),
        state.invites(),
        state.manualQueue(),
        state.picks());
  }
}
