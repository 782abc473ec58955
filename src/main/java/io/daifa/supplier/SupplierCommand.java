package io.daifa.supplier;

import io.daifa.common.Ack;
import io.daifa.common.CborSerializable;
import io.daifa.common.Outcome;
import io.daifa.market.Listing;
import io.daifa.market.ListingChange;
import io.daifa.market.ListingDraft;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.OrderStatus;
import io.daifa.webhook.WebhookEndpoint;
import io.daifa.wire.CompactSize;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a supplier entity is asked, and what it answers: commands from the HTTP API and from shop
 * entities (through their {@code SupplierPort}), and the timer of its redelivery.
 */
public sealed interface SupplierCommand extends CborSerializable {

  /**
   * A command that asks the supplier to decide something ({@link SupplierRequests}) and answers the
   * decision's outcome once its event, if any, is stored. A read (a listing, a month's figures, the
   * webhook) is a request whose decision stores nothing.
   */
  sealed interface Request<R> extends SupplierCommand {
    ActorRef<Outcome<R>> replyTo();
  }

  record Register(String name, SupplierIdentity identity, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record RequestBinding(String shopId, ActorRef<Outcome<BindingRequest>> replyTo)
      implements Request<BindingRequest> {}

  record DecideBindingRequest(
      String requestId, boolean approve, ActorRef<Outcome<BindingRequest>> replyTo)
      implements Request<BindingRequest> {}

  /**
   * Accepts a shop's invite: a valid supplier passes it on to the shop the token names, which
   * answers {@code replyTo} itself.
   */
  record AcceptInvite(String token, ActorRef<Outcome<Ack>> replyTo) implements SupplierCommand {}

  /**
   * A shop's delivery; {@code sentAt} is after the shop's events that routed the dispatches, so the
   * supplier stamps its receipt after it (null from a shop of an earlier version). The new
   * dispatches are stored, all are acknowledged once stored; deliveries that arrive while a write
   * is in flight are stored together in the next one ({@link WriteDeliveries}). {@code bytes} is
   * what the dispatches take in compact form ({@link CompactSize}), counted once by the shop to
   * split its delivery: the supplier bounds its events by it without counting again.
   */
  record ReceiveDispatches(
      String shopId, List<DropshipDispatch> dispatches, Instant sentAt, long bytes)
      implements SupplierCommand {
    public ReceiveDispatches {
      dispatches = List.copyOf(dispatches);
    }

    /** A delivery whose bytes are counted here (as on reading one from another node). */
    public ReceiveDispatches(String shopId, List<DropshipDispatch> dispatches, Instant sentAt) {
      this(shopId, dispatches, sentAt, bytesOf(dispatches));
    }

    private static long bytesOf(List<DropshipDispatch> dispatches) {
      long bytes = 0;
      for (DropshipDispatch dispatch : dispatches) {
        bytes += CompactSize.of(dispatch);
      }
      return bytes;
    }
  }

  record AcceptOrder(String shopId, String orderId, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record ShipOrder(
      String shopId,
      String orderId,
      String carrier,
      String trackingNo,
      ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record RejectOrder(String shopId, String orderId, String reason, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record ConfirmReceipt(
      String shopId, String orderId, Instant receivedAt, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  /** After-sale refund of lines of this supplier's part of an order (open or recently closed). */
  record RefundLines(
      String shopId,
      String orderId,
      List<String> lineIds,
      Instant refundedAt,
      ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  /**
   * A refund of lines of an order this supplier no longer holds: it was closed (received) longer
   * ago than the de-dup window, and the router checked on the read side that the lines can still be
   * refunded (after-sale period) and what the order's status becomes ({@code orderStatus}). An
   * order the supplier still holds is refunded as by {@link RefundLines}.
   */
  record RefundForgottenLines(
      String shopId,
      String orderId,
      List<String> lineIds,
      OrderStatus orderStatus,
      Instant refundedAt,
      ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  /** Opens or closes an after-sale dispute about shipped or received lines. */
  record SetDispute(
      String shopId,
      String orderId,
      List<String> lineIds,
      boolean open,
      ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  /** The supplier's scorecard figures of a Shanghai month ({@code yyyy-MM}). */
  record GetScorecard(String month, ActorRef<Outcome<MonthScore>> replyTo)
      implements Request<MonthScore> {}

  /** The carrier's report of a shipped order, from the platform's logistics feed. */
  record ReportLogistics(
      String shopId,
      String orderId,
      LogisticsStatus status,
      Instant happenedAt,
      ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  /**
   * The shop takes back these lines of its order to route them under new rules: those still {@code
   * ALLOCATED} here (not accepted) are withdrawn, the answer names them.
   */
  record WithdrawLines(
      String shopId, String orderId, List<String> lineIds, ActorRef<Outcome<Withdrawn>> replyTo)
      implements Request<Withdrawn> {}

  /** The lines a {@link WithdrawLines} took back; empty when all had moved on. */
  record Withdrawn(List<String> lineIds) implements CborSerializable {
    public Withdrawn {
      lineIds = List.copyOf(lineIds);
    }
  }

  /** Sets the supplier's webhook endpoint and signing secret (validated by the caller). */
  record SetWebhook(String url, String secret, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record RemoveWebhook(ActorRef<Outcome<Ack>> replyTo) implements Request<Ack> {}

  /** The endpoint set, or {@code NOT_FOUND} when there is none. */
  record GetWebhook(ActorRef<Outcome<WebhookEndpoint>> replyTo)
      implements Request<WebhookEndpoint> {}

  /** Asks for delivery {@code deliverySeq}, known to exist, to be sent again. */
  record RedeliverWebhook(long deliverySeq, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record NoticeAcknowledged(String noticeId) implements SupplierCommand {}

  /**
   * The whole state, for in-process readers (tests, tools): it holds every open order, so it grows
   * past what a remote message may carry.
   */
  record GetState(ActorRef<SupplierState> replyTo) implements SupplierCommand {}

  /** The supplier's binding requests, oldest first: what the HTTP API lists. */
  record GetBindingRequests(ActorRef<BindingRequests> replyTo) implements SupplierCommand {}

  /** The answer to {@link GetBindingRequests}. */
  record BindingRequests(List<BindingRequest> byAge) implements CborSerializable {}

  /** Lists a product in the market (SPEC §9); answers the listing as stored. */
  record ListProduct(ListingDraft draft, ActorRef<Outcome<Listing>> replyTo)
      implements Request<Listing> {}

  record UpdateListing(String spuId, ListingChange change, ActorRef<Outcome<Listing>> replyTo)
      implements Request<Listing> {}

  record DelistProduct(String spuId, ActorRef<Outcome<Listing>> replyTo)
      implements Request<Listing> {}

  /**
   * A shop is picking the SPU's product: answers the listing as it stands (delisted or not), and
   * remembers the shop, so that it hears of the product's commission rate changing.
   */
  record RecordPick(String spuId, String shopId, ActorRef<Outcome<Listing>> replyTo)
      implements Request<Listing> {}

  /** The listing of {@code spuId} as this supplier holds it, delisted or not; NOT_FOUND if none. */
  record GetListing(String spuId, ActorRef<Outcome<Listing>> replyTo) implements Request<Listing> {}

  /** The supplier's GMV and units of a Shanghai month ({@code yyyy-MM}). */
  record GetStats(String month, ActorRef<Outcome<SupplierStats>> replyTo)
      implements Request<SupplierStats> {}

  /** The timer of the sales figures: publish them if they changed. */
  enum TallySales implements SupplierCommand {
    INSTANCE
  }

  /** Stores the deliveries taken since the last write, in one event (sent to itself). */
  enum WriteDeliveries implements SupplierCommand {
    INSTANCE
  }

  enum Redeliver implements SupplierCommand {
    INSTANCE
  }

  /** No message for a while: leave if nothing is owed (see {@code IdlePassivation}). */
  enum Idle implements SupplierCommand {
    INSTANCE
  }

  /**
   * Sharding's stop message: after this entity asked to be passivated, and when its shard is handed
   * over. A command, so that the entity stops after what is already in its mailbox.
   */
  enum Stop implements SupplierCommand {
    INSTANCE
  }
}
