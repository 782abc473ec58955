package io.daifa.shop;

import io.daifa.common.Decision;
import io.daifa.shop.ShopCommand.AcceptInvite;
import io.daifa.shop.ShopCommand.AssignLine;
import io.daifa.shop.ShopCommand.CreateInvite;
import io.daifa.shop.ShopCommand.PickProduct;
import io.daifa.shop.ShopCommand.RefundQueuedLines;
import io.daifa.shop.ShopCommand.Register;
import io.daifa.shop.ShopCommand.RemoveProductRoute;
import io.daifa.shop.ShopCommand.RemoveSkuRoute;
import io.daifa.shop.ShopCommand.Request;
import io.daifa.shop.ShopCommand.SetMode;
import io.daifa.shop.ShopCommand.SetProductRoute;
import io.daifa.shop.ShopCommand.Unbind;
import io.daifa.shop.ShopCommand.UnpickProduct;

/**
 * Which pure decision answers each {@link Request}: the shop's setup ({@link ShopSetup}), its
 * bindings and manual queue ({@link ShopCommands}) and its market picks ({@link ShopPicks}). The
 * entity persists the event and answers; nothing here touches an actor.
 */
final class ShopRequests {

  private final ShopSetup setup;
  private final ShopCommands commands;
  private final ShopPicks picks;

  ShopRequests(ShopSetup setup, ShopCommands commands, ShopPicks picks) {
    this.setup = setup;
    this.commands = commands;
    this.picks = picks;
  }

  /**
   * The decision {@code request} asks for. Each request type fixes its answer's type {@code R}
   * (Java 17 has no exhaustive switch over the sealed interface, hence the one unchecked cast).
   */
  @SuppressWarnings("unchecked")
  <R> Decision<ShopEvent, R> decide(ShopState state, Request<R> request) {
    return (Decision<ShopEvent, R>) decideAny(state, request);
  }

  /**
   * The event that records a supplier's notice, or null if there is nothing to record (recorded
   * before, or about nothing the shop has).
   */
  ShopEvent recorded(ShopState state, ShopCommand.SupplierNotice notice) {
    if (notice instanceof ShopCommand.ConfirmBindingApproval c) {
      return setup.bindingApproved(state, c);
    } else if (notice instanceof ShopCommand.ReturnLines c) {
      return commands.returnLines(state, c);
    } else if (notice instanceof ShopCommand.ChangePickCommission c) {
      return picks.commissionChanged(state, c);
    }
    throw new IllegalArgumentException("not a supplier notice: " + notice.getClass().getName());
  }

  private Decision<ShopEvent, ?> decideAny(ShopState s, Request<?> request) {
    if (request instanceof Register c) {
      return setup.register(s, c.name());
    } else if (request instanceof CreateInvite) {
      return commands.createInvite(s);
    } else if (request instanceof AcceptInvite c) {
      return commands.acceptInvite(s, c.token(), c.supplierId());
    } else if (request instanceof Unbind c) {
      return setup.unbind(s, c.supplierId());
    } else if (request instanceof SetMode c) {
      return setup.setMode(s, c.mode(), c.supplierId(), c.backups(), c.dropProductRoutes());
    } else if (request instanceof SetProductRoute c) {
      return setup.setProductRoute(s, c.spuId(), c.skuId(), c.supplierId(), c.backups());
    } else if (request instanceof RemoveSkuRoute c) {
      return setup.removeSkuRoute(s, c.spuId(), c.skuId());
    } else if (request instanceof RemoveProductRoute c) {
      return setup.removeProductRoute(s, c.spuId());
    } else if (request instanceof PickProduct c) {
      return picks.pick(s, c.listing());
    } else if (request instanceof UnpickProduct c) {
      return picks.unpick(s, c.productId());
    } else if (request instanceof AssignLine c) {
      return commands.assignLine(s, c.orderId(), c.lineId(), c.supplierId());
    } else if (request instanceof RefundQueuedLines c) {
      return commands.refundQueuedLines(s, c.orderId(), c.lineIds());
    } else if (request instanceof ShopCommand.GetStats c) {
      return Decision.answer(setup.stats(s, c.month()));
    }
    throw new IllegalArgumentException("not a shop request: " + request.getClass().getName());
  }
}
