package io.daifa.webhook;

import io.daifa.supplier.SupplierEvent;
import io.daifa.webhook.WebhookStore.Key;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the tagged events of a webhook slice into deliveries: each event owed one is recorded in
 * the supplier's delivery log and its slice's outbox before it is handed to the {@link
 * WebhookSender} (so that the projection's offset passes it only once it is durable); a webhook set
 * or removed updates the endpoints; a redelivery request makes its delivery pending again.
 */
final class WebhookProjectionHandler extends Handler<EventEnvelope<Object>> {

  private static final Logger log = LoggerFactory.getLogger(WebhookProjectionHandler.class);

  private final WebhookStore store;
  private final ActorRef<WebhookSender.Command> sender;

  WebhookProjectionHandler(WebhookStore store, ActorRef<WebhookSender.Command> sender) {
    this.store = store;
    this.sender = sender;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Object> envelope) {
    if (!(envelope.event() instanceof SupplierEvent event)) {
      log.warn("a webhook tag holds an event it does not know: {}", envelope.event());
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    String supplierId = event.supplierId();
    if (event instanceof SupplierEvent.WebhookSet e) {
      return store
          .endpointSet(supplierId, e.endpoint())
          .thenApply(done -> tell(new WebhookSender.EndpointChanged(supplierId, e.endpoint())));
    }
    if (event instanceof SupplierEvent.WebhookRemoved) {
      return store
          .endpointRemoved(supplierId)
          .thenApply(done -> tell(new WebhookSender.EndpointChanged(supplierId, null)));
    }
    if (event instanceof SupplierEvent.WebhookRedeliveryRequested e) {
      Key key = new Key(supplierId, e.deliverySeq());
      return store
          .requeued(supplierId, e.deliverySeq(), e.at())
          .thenApply(done -> tell(new WebhookSender.Enqueue(key, true)));
    }
    long seq = envelope.sequenceNr();
    return WebhookPayload.of(supplierId, seq, event)
        .map(
            payload ->
                store
                    .created(supplierId, seq, payload, event.at())
                    .thenApply(
                        done -> tell(new WebhookSender.Enqueue(new Key(supplierId, seq), false))))
        .orElseGet(() -> CompletableFuture.completedFuture(Done.getInstance()));
  }

  private Done tell(WebhookSender.Command command) {
    sender.tell(command);
    return Done.getInstance();
  }
}
