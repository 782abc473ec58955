package io.daifa.supplier;

import io.daifa.common.Decision;
import io.daifa.supplier.SupplierCommand.AcceptOrder;
import io.daifa.supplier.SupplierCommand.ConfirmReceipt;
import io.daifa.supplier.SupplierCommand.DecideBindingRequest;
import io.daifa.supplier.SupplierCommand.DelistProduct;
import io.daifa.supplier.SupplierCommand.GetListing;
import io.daifa.supplier.SupplierCommand.GetScorecard;
import io.daifa.supplier.SupplierCommand.GetStats;
import io.daifa.supplier.SupplierCommand.GetWebhook;
import io.daifa.supplier.SupplierCommand.ListProduct;
import io.daifa.supplier.SupplierCommand.RecordPick;
import io.daifa.supplier.SupplierCommand.RedeliverWebhook;
import io.daifa.supplier.SupplierCommand.RefundForgottenLines;
import io.daifa.supplier.SupplierCommand.RefundLines;
import io.daifa.supplier.SupplierCommand.Register;
import io.daifa.supplier.SupplierCommand.RejectOrder;
import io.daifa.supplier.SupplierCommand.RemoveWebhook;
import io.daifa.supplier.SupplierCommand.ReportLogistics;
import io.daifa.supplier.SupplierCommand.Request;
import io.daifa.supplier.SupplierCommand.RequestBinding;
import io.daifa.supplier.SupplierCommand.SetDispute;
import io.daifa.supplier.SupplierCommand.SetWebhook;
import io.daifa.supplier.SupplierCommand.ShipOrder;
import io.daifa.supplier.SupplierCommand.UpdateListing;
import io.daifa.supplier.SupplierCommand.WithdrawLines;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Which pure decision answers each {@link Request}: the supplier's orders ({@link
 * SupplierCommands}), bindings, after-sales, market listings and webhook, and the reads of them.
 * The entity persists the event, if any, and answers; nothing here touches an actor.
 */
final class SupplierRequests {

  private final SupplierCommands orders;
  private final SupplierBindings bindings;
  private final SupplierAfterSale afterSales;
  private final SupplierListings listings;
  private final SupplierWebhooks webhooks;
  private final Supplier<String> newRequestId;

  SupplierRequests(
      SupplierCommands orders,
      SupplierBindings bindings,
      SupplierAfterSale afterSales,
      SupplierListings listings,
      SupplierWebhooks webhooks,
      Supplier<String> newRequestId) {
    this.orders = orders;
    this.bindings = bindings;
    this.afterSales = afterSales;
    this.listings = listings;
    this.webhooks = webhooks;
    this.newRequestId = newRequestId;
  }

  /** The decisions of supplier {@code supplierId}, with random binding request IDs. */
  static SupplierRequests of(String supplierId, Clock clock) {
    return new SupplierRequests(
        new SupplierCommands(supplierId, clock),
        new SupplierBindings(supplierId, clock),
        new SupplierAfterSale(supplierId, clock),
        new SupplierListings(supplierId, clock),
        new SupplierWebhooks(supplierId, clock),
        SupplierBindings::randomRequestId);
  }

  /** The supplier's orders: deliveries taken outside a request (group commit) go here. */
  SupplierCommands orders() {
    return orders;
  }

  /** The binding rules: an invite accepted on the supplier's behalf is checked here. */
  SupplierBindings bindings() {
    return bindings;
  }

  /** The market listings: their sales tally is written on a timer, outside a request. */
  SupplierListings listings() {
    return listings;
  }

  /**
   * Whether the request's event may owe shops a notice (an approval, rejected or withdrawn lines, a
   * new commission), to be sent at once after it is stored.
   */
  static boolean notifiesShops(Request<?> request) {
    return request instanceof DecideBindingRequest
        || request instanceof AcceptOrder
        || request instanceof ShipOrder
        || request instanceof RejectOrder
        || request instanceof WithdrawLines
        || request instanceof ConfirmReceipt
        || request instanceof UpdateListing;
  }

  /**
   * The decision {@code request} asks for. Each request type fixes its answer's type {@code R}
   * (Java 17 has no exhaustive switch over the sealed interface, hence the one unchecked cast).
   */
  @SuppressWarnings("unchecked")
  <R> Decision<SupplierEvent, R> decide(SupplierState state, Request<R> request) {
    return (Decision<SupplierEvent, R>) decideAny(state, request);
  }

  private Decision<SupplierEvent, ?> decideAny(SupplierState s, Request<?> request) {
    if (request instanceof Register c) {
      return orders.register(s, c.name(), c.identity());
    } else if (request instanceof RequestBinding c) {
      return bindings.request(s, c.shopId(), newRequestId.get());
    } else if (request instanceof DecideBindingRequest c) {
      return bindings.decide(s, c.requestId(), c.approve());
    } else if (request instanceof AcceptOrder c) {
      return orders.accept(s, c.shopId(), c.orderId());
    } else if (request instanceof ShipOrder c) {
      return orders.ship(s, c.shopId(), c.orderId(), c.carrier(), c.trackingNo());
    } else if (request instanceof RejectOrder c) {
      return orders.reject(s, c.shopId(), c.orderId(), c.reason());
    } else if (request instanceof ReportLogistics c) {
      return orders.reportLogistics(s, c.shopId(), c.orderId(), c.status(), c.happenedAt());
    } else if (request instanceof WithdrawLines c) {
      return orders.withdraw(s, c.shopId(), c.orderId(), c.lineIds());
    } else if (request instanceof ConfirmReceipt c) {
      return orders.confirmReceipt(s, c.shopId(), c.orderId(), c.receivedAt());
    } else if (request instanceof RefundLines c) {
      return afterSales.refund(s, c.shopId(), c.orderId(), c.lineIds(), c.refundedAt());
    } else if (request instanceof RefundForgottenLines c) {
      return afterSales.refundForgotten(
          s, c.shopId(), c.orderId(), c.lineIds(), c.orderStatus(), c.refundedAt());
    } else if (request instanceof SetDispute c) {
      return afterSales.dispute(s, c.shopId(), c.orderId(), c.lineIds(), c.open());
    } else if (request instanceof SetWebhook c) {
      return webhooks.set(s, c.url(), c.secret());
    } else if (request instanceof RemoveWebhook) {
      return webhooks.remove(s);
    } else if (request instanceof RedeliverWebhook c) {
      return webhooks.redeliver(s, c.deliverySeq());
    } else if (request instanceof ListProduct c) {
      return listings.list(s, c.draft());
    } else if (request instanceof UpdateListing c) {
      return listings.update(s, c.spuId(), c.change());
    } else if (request instanceof DelistProduct c) {
      return listings.delist(s, c.spuId());
    } else if (request instanceof RecordPick c) {
      return listings.recordPick(s, c.spuId(), c.shopId());
    } else if (request instanceof GetListing c) {
      return Decision.answer(listings.get(s, c.spuId()));
    } else if (request instanceof GetStats c) {
      return Decision.answer(listings.stats(s, c.month()));
    } else if (request instanceof GetScorecard c) {
      return Decision.answer(orders.scorecard(s, c.month()));
    } else if (request instanceof GetWebhook) {
      return Decision.answer(webhooks.get(s));
    }
    throw new IllegalArgumentException("not a supplier request: " + request.getClass().getName());
  }
}
