package io.daifa.app;

import io.daifa.common.Ack;
import io.daifa.common.Outcome;
import io.daifa.common.SizedBatches;
import io.daifa.order.DropshipDispatch;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopEntity;
import io.daifa.shop.SupplierPort;
import io.daifa.supplier.ShopNotice;
import io.daifa.supplier.ShopPort;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierEntity;
import io.daifa.wire.CompactSize;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The ports through which shops and suppliers talk, wired to each other's entities over Cluster
 * Sharding: the only place that knows both packages, so neither imports the other.
 */
public final class EntityPorts {

  private EntityPorts() {}

  public static SupplierPort suppliers(ClusterSharding sharding) {
    return new SupplierPort() {
      @Override
      public void deliver(
          String supplierId, String shopId, List<DropshipDispatch> dispatches, Instant sentAt) {
        // A redelivery round may carry hundreds of large dispatches: split by bytes.
        for (SizedBatches.Part<DropshipDispatch> part :
            SizedBatches.parts(dispatches, CompactSize::of, SizedBatches.MAX_MESSAGE_BYTES)) {
          supplier(supplierId)
              .tell(
                  new SupplierCommand.ReceiveDispatches(
                      shopId, part.items(), sentAt, part.bytes()));
        }
      }

      @Override
      public void acknowledgeNotice(String supplierId, String noticeId) {
        supplier(supplierId).tell(new SupplierCommand.NoticeAcknowledged(noticeId));
      }

      private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<SupplierCommand> supplier(
          String supplierId) {
        return sharding.entityRefFor(SupplierEntity.ENTITY_TYPE_KEY, supplierId);
      }
    };
  }

  public static ShopPort shops(ClusterSharding sharding) {
    return new ShopPort() {
      @Override
      public void acceptInvite(
          String shopId, String token, String supplierId, ActorRef<Outcome<Ack>> replyTo) {
        shop(shopId).tell(new ShopCommand.AcceptInvite(token, supplierId, replyTo));
      }

      @Override
      public void acknowledgeDispatches(String shopId, List<String> dispatchIds) {
        shop(shopId).tell(new ShopCommand.DispatchesAcknowledged(dispatchIds));
      }

      @Override
      public void notify(String supplierId, ShopNotice notice) {
        shop(notice.shopId()).tell(toShop(supplierId, notice));
      }

      private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<ShopCommand> shop(
          String shopId) {
        return sharding.entityRefFor(ShopEntity.ENTITY_TYPE_KEY, shopId);
      }
    };
  }

  /** A supplier's notice as the command its shop records it with. */
  public static ShopCommand toShop(String supplierId, ShopNotice notice) {
    if (notice instanceof ShopNotice.BindingApproved n) {
      return new ShopCommand.ConfirmBindingApproval(supplierId, n.requestId(), n.noticeId());
    }
    if (notice instanceof ShopNotice.CommissionChanged n) {
      return new ShopCommand.ChangePickCommission(
          supplierId, n.noticeId(), n.productId(), n.commissionRateBp(), n.changedAt());
    }
    if (notice instanceof ShopNotice.LinesWithdrawn n) {
      return new ShopCommand.ReturnLines(
          supplierId,
          n.noticeId(),
          n.orderId(),
          n.agencyId(),
          n.paidAt(),
          n.lines(),
          n.withdrawnAt(),
          true);
    }
    ShopNotice.LinesRejected n = (ShopNotice.LinesRejected) notice;
    return new ShopCommand.ReturnLines(
        supplierId, n.noticeId(), n.orderId(), n.agencyId(), n.paidAt(), n.lines(), n.rejectedAt());
  }
}
