package io.daifa.shop;

import io.daifa.common.Ack;
import io.daifa.common.CborSerializable;
import io.daifa.common.Outcome;
import io.daifa.market.Listing;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ModeChange;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a shop entity is asked, and what it answers: commands from the HTTP API, the ingest batcher
 * and supplier entities (through their {@code ShopPort}), and the timer of its redelivery.
 */
public sealed interface ShopCommand extends CborSerializable {

  /**
   * A command that asks the shop to decide something ({@link ShopRequests}) and answers the
   * decision's outcome once its event, if any, is stored. A read (a month's GMV) is a request whose
   * decision stores nothing.
   */
  sealed interface Request<R> extends ShopCommand {
    ActorRef<Outcome<R>> replyTo();
  }

  /**
   * A supplier's notice, sent until the shop acknowledges it with {@code noticeId}: the shop
   * records what it says ({@link ShopRequests#recorded}) once.
   */
  sealed interface SupplierNotice extends ShopCommand {
    String supplierId();

    String noticeId();
  }

  record Register(String name, ActorRef<Outcome<Ack>> replyTo) implements Request<Ack> {}

  record CreateInvite(ActorRef<Outcome<InviteIssued>> replyTo) implements Request<InviteIssued> {}

  record InviteIssued(String token, Instant expiresAt) implements CborSerializable {}

  /** Sent by the supplier entity, which has checked that its supplier ID is valid. */
  record AcceptInvite(String token, String supplierId, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  /** A supplier approved the shop's binding request; acknowledged with its notice ID. */
  record ConfirmBindingApproval(String supplierId, String requestId, String noticeId)
      implements SupplierNotice {}

  record Unbind(String supplierId, ActorRef<Outcome<Ack>> replyTo) implements Request<Ack> {}

  /** {@code backups}: of the whole-shop supplier, tried in turn after a rejection. */
  record SetMode(
      AllocationMode mode,
      String supplierId,
      List<String> backups,
      boolean dropProductRoutes,
      ActorRef<Outcome<ModeChange>> replyTo)
      implements Request<ModeChange> {}

  /** An SPU's rule, or with a {@code skuId} the rule of one of its SKUs. */
  record SetProductRoute(
      String spuId,
      String skuId,
      String supplierId,
      List<String> backups,
      ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record RemoveSkuRoute(String spuId, String skuId, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record RemoveProductRoute(String spuId, ActorRef<Outcome<Ack>> replyTo) implements Request<Ack> {}

  /** Picks a market product, as its supplier holds it now (SPEC §9). */
  record PickProduct(Listing listing, ActorRef<Outcome<MarketPick>> replyTo)
      implements Request<MarketPick> {}

  record UnpickProduct(String productId, ActorRef<Outcome<Ack>> replyTo) implements Request<Ack> {}

  /**
   * The supplier changed the commission rate of a picked product; acknowledged with its notice ID.
   * A notice about a product the shop does not have is acknowledged and changes nothing.
   */
  record ChangePickCommission(
      String supplierId, String noticeId, String productId, int commissionRateBp, Instant changedAt)
      implements SupplierNotice {}

  /** The shop's GMV of a Shanghai month ({@code yyyy-MM}). */
  record GetStats(String month, ActorRef<Outcome<ShopStats>> replyTo)
      implements Request<ShopStats> {}

  /** A batch of orders; {@code batchId} comes back in the result, so one adapter serves all. */
  record IngestOrders(long batchId, List<Order> orders, ActorRef<IngestResult> replyTo)
      implements ShopCommand {}

  /** One outcome per order, in the order of the batch. */
  record IngestResult(long batchId, List<Outcome<OrderReceipt>> outcomes)
      implements CborSerializable {}

  record AssignLine(
      String orderId, String lineId, String supplierId, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  /**
   * A supplier rejected these lines, or gave back lines the shop withdrew ({@code withdrawn});
   * acknowledged with its notice ID. {@code rejectedAt} is the rejection's (or withdrawal's) time,
   * after which the lines' return is stamped; null from a supplier of an earlier version.
   */
  record ReturnLines(
      String supplierId,
      String noticeId,
      String orderId,
      String agencyId,
      Instant paidAt,
      List<OrderLine> lines,
      Instant rejectedAt,
      boolean withdrawn)
      implements SupplierNotice {

    /** Lines the supplier rejected. */
    public ReturnLines(
        String supplierId,
        String noticeId,
        String orderId,
        String agencyId,
        Instant paidAt,
        List<OrderLine> lines,
        Instant rejectedAt) {
      this(supplierId, noticeId, orderId, agencyId, paidAt, lines, rejectedAt, false);
    }
  }

  /** Refunds lines that are still in the manual queue (the others are with their suppliers). */
  record RefundQueuedLines(String orderId, List<String> lineIds, ActorRef<Outcome<Ack>> replyTo)
      implements Request<Ack> {}

  record DispatchesAcknowledged(List<String> dispatchIds) implements ShopCommand {}

  /** The whole state, for in-process readers (tests, tools): it grows with the shop's traffic. */
  record GetState(ActorRef<ShopState> replyTo) implements ShopCommand {}

  /** What the HTTP API shows of the shop, bounded by its setup rather than its traffic. */
  record GetView(ActorRef<ShopView> replyTo) implements ShopCommand {}

  enum Redeliver implements ShopCommand {
    INSTANCE
  }

  /** The read side stored the shop's routed batches through this sequence number. */
  record ReadSideProjected(long seqNr) implements ShopCommand {}

  /**
   * A read back of the batches owed to the read side ended: with {@code result} or {@code error}.
   */
  record ReadSideReadBack(ReadSidePort.ReadBack result, Throwable error) implements ShopCommand {}

  /** The read-side feed's timer: send again what waited too long, or read back again. */
  enum FeedReadSide implements ShopCommand {
    INSTANCE
  }

  /**
   * Confirms at once what the last confirming write could not hold (see {@code ShopDeliveries}).
   */
  enum ConfirmAcknowledged implements ShopCommand {
    INSTANCE
  }

  /** No message for a while: leave if nothing is owed (see {@code IdlePassivation}). */
  enum Idle implements ShopCommand {
    INSTANCE
  }

  /**
   * Sharding's stop message: after this entity asked to be passivated, and when its shard is handed
   * over. A command, so that the entity stops after what is already in its mailbox.
   */
  enum Stop implements ShopCommand {
    INSTANCE
  }
}
