package io.daifa.app;

import io.daifa.common.Ack;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.common.Outcome;
import io.daifa.order.DropshipDispatch;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.SupplierPort;
import io.daifa.supplier.ShopNotice;
import io.daifa.supplier.ShopPort;
import io.daifa.supplier.SupplierCommand;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The entity ports of unit tests: each call recorded in an outbox as the command the production
 * port ({@link EntityPorts}) would send, so that tests read what one entity told another.
 */
public final class RecordingPorts {

  private RecordingPorts() {}

  public static SupplierPort suppliers(Outbox<SupplierCommand> outbox) {
    return new SupplierPort() {
      @Override
      public void deliver(
          String supplierId,
          String shopId,
          List<DropshipDispatch> dispatches,
          java.time.Instant sentAt) {
        outbox.record(
            supplierId, new SupplierCommand.ReceiveDispatches(shopId, dispatches, sentAt));
      }

      @Override
      public void acknowledgeNotice(String supplierId, String noticeId) {
        outbox.record(supplierId, new SupplierCommand.NoticeAcknowledged(noticeId));
      }
    };
  }

  public static ShopPort shops(Outbox<ShopCommand> outbox) {
    return new ShopPort() {
      @Override
      public void acceptInvite(
          String shopId, String token, String supplierId, ActorRef<Outcome<Ack>> replyTo) {
        outbox.record(shopId, new ShopCommand.AcceptInvite(token, supplierId, replyTo));
      }

      @Override
      public void acknowledgeDispatches(String shopId, List<String> dispatchIds) {
        outbox.record(shopId, new ShopCommand.DispatchesAcknowledged(dispatchIds));
      }

      @Override
      public void notify(String supplierId, ShopNotice notice) {
        outbox.record(notice.shopId(), EntityPorts.toShop(supplierId, notice));
      }
    };
  }
}
