package io.daifa.shop;

import io.daifa.app.RecordingPorts;
import io.daifa.common.EntitySettings;
import io.daifa.common.EntityTestSupport.Outbox;
import io.daifa.supplier.SupplierCommand;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * A shop entity under Pekko's event-sourced test kit, what it sends suppliers kept in an outbox.
 */
final class ShopUnderTest {

  private ShopUnderTest() {}

  static EventSourcedBehaviorTestKit<ShopCommand, ShopEvent, ShopState> create(
      ActorSystem<?> system,
      String shopId,
      EntitySettings settings,
      Clock clock,
      Outbox<SupplierCommand> outbox) {
    return EventSourcedBehaviorTestKit.create(
        system,
        ShopEntity.create(
            shopId, ShopWiring.of(settings, clock, RecordingPorts.suppliers(outbox))));
  }
}
