package io.daifa.readside;

import io.daifa.market.MarketIndex;
import io.daifa.market.MarketTags;
import io.daifa.market.ProductId;
import io.daifa.market.ProductSales;
import io.daifa.supplier.SupplierEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link MarketIndex} up to date: reads the market's tag from its beginning when
 * the node starts, then follows it. Every node runs one, so any node answers a search from memory;
 * a listing shows on every node about as soon as the order read side shows a line (the tag query's
 * consistency delay plus a poll). After a failure it goes on from the last event it applied.
 */
public final class MarketFeed {

  private static final Logger log = LoggerFactory.getLogger(MarketFeed.class);

  private final MarketIndex index;
  private final AtomicReference<Offset> offset = new AtomicReference<>(NoOffset.getInstance());
  private final AtomicLong applied = new AtomicLong();

  public MarketFeed(MarketIndex index) {
    this.index = index;
  }

  /** Starts following the tag; the switch stops it (when the node stops). */
  public UniqueKillSwitch start(ActorSystem<?> system) {
    CassandraReadJournal journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    RestartSettings restart =
        RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(20), 0.2);
    Source<EventEnvelope, NotUsed> events =
        RestartSource.withBackoff(restart, () -> journal.eventsByTag(MarketTags.TAG, offset.get()));
    return events
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.foreach(this::apply), Keep.left())
        .run(system);
  }

  /** Events applied since the node started: the whole market's history first. */
  public long applied() {
    return applied.get();
  }

  void apply(EventEnvelope envelope) {
    Object event = envelope.event();
    if (event instanceof SupplierEvent.ListingChanged e) {
      index.put(e.listing());
    } else if (event instanceof SupplierEvent.SalesTallied e) {
      Map<String, ProductSales> byProduct = new HashMap<>();
      e.unitsBySpu()
          .forEach(
              (spu, units) ->
                  byProduct.put(
                      ProductId.of(e.supplierId(), spu),
                      new ProductSales(units, e.daysBySpu().get(spu))));
      index.sales(byProduct);
    } else {
      log.warn("the market's tag holds an event it does not know: {}", event.getClass().getName());
    }
    offset.set(envelope.offset());
    applied.incrementAndGet();
  }
}
