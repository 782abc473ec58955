package io.daifa.supplier;

import io.daifa.common.Ack;
import io.daifa.common.Outcome;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a supplier asks of shops. The supplier package knows no shop type: the port is wired to the
 * shop entities over Cluster Sharding in {@code app/}, and records calls in unit tests.
 */
public interface ShopPort {

  /** The supplier accepts the shop's invite; the shop answers {@code replyTo} itself. */
  void acceptInvite(String shopId, String token, String supplierId, ActorRef<Outcome<Ack>> replyTo);

  /** The supplier has stored these dispatches of the shop (or had them already). */
  void acknowledgeDispatches(String shopId, List<String> dispatchIds);

  /** A notice the shop must record and acknowledge: a binding approved, lines rejected. */
  void notify(String supplierId, ShopNotice notice);
}
