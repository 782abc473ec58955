package io.daifa.webhook;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * The webhook tables: each supplier's delivery log ({@code webhook_deliveries}), the deliveries
 * still to finish per slice ({@code webhook_outbox}) and the endpoints per slice ({@code
 * webhook_endpoints}). Written by the worker of a slice, read by it and by the HTTP API.
 */
public final class WebhookStore {

  /** A supplier's delivery and the slice whose worker sends it. */
  public record Key(String supplierId, long seq) {}

  /** What the worker of a slice starts from: the endpoints and the unfinished deliveries. */
  public record SliceState(Map<String, WebhookEndpoint> endpoints, List<Key> pending) {}

  private static final String COLUMNS =
      "supplier_id, seq, type, body, created_at, window_start, status, attempts, last_attempt_at,"
          + " last_result, next_attempt_at";

  private final CassandraSession session;
  private final String insertDelivery;
  private final String requeue;
  private final String attempted;
  private final String insertOutbox;
  private final String deleteOutbox;
  private final String outboxOfSlice;
  private final String insertEndpoint;
  private final String deleteEndpoint;
  private final String endpointsOfSlice;
  private final String delivery;
  private final String newest;
  private final String before;

  public WebhookStore(CassandraSession session, String keyspace) {
    this.session = session;
    String deliveries = keyspace + ".webhook_deliveries";
    // The immutable columns only: a worker that handles the event again after a crash leaves the
    // attempts of the first time as they were.
    this.insertDelivery =
        "INSERT INTO "
            + deliveries
            + " (supplier_id, seq, type, body, created_at, window_start) VALUES (?, ?, ?, ?, ?, ?)";
    this.requeue =
        "UPDATE "
            + deliveries
            + " SET status = null, window_start = ?, next_attempt_at = null"
            + " WHERE supplier_id = ? AND seq = ?";
    this.attempted =
        "UPDATE "
            + deliveries
            + " SET status = ?, attempts = ?, last_attempt_at = ?, last_result = ?,"
            + " next_attempt_at = ? WHERE supplier_id = ? AND seq = ?";
    this.insertOutbox =
        "INSERT INTO " + keyspace + ".webhook_outbox (slice, supplier_id, seq) VALUES (?, ?, ?)";
    this.deleteOutbox =
        "DELETE FROM "
            + keyspace
            + ".webhook_outbox WHERE slice = ? AND supplier_id = ? AND seq = ?";
    this.outboxOfSlice =
        "SELECT supplier_id, seq FROM " + keyspace + ".webhook_outbox WHERE slice = ?";
    this.insertEndpoint =
        "INSERT INTO "
            + keyspace
            + ".webhook_endpoints (slice, supplier_id, url, secret, set_at) VALUES (?, ?, ?, ?, ?)";
    this.deleteEndpoint =
        "DELETE FROM " + keyspace + ".webhook_endpoints WHERE slice = ? AND supplier_id = ?";
    this.endpointsOfSlice =
        "SELECT supplier_id, url, secret, set_at FROM "
            + keyspace
            + ".webhook_endpoints WHERE slice = ?";
    String select = "SELECT " + COLUMNS + " FROM " + deliveries + " WHERE supplier_id = ?";
    this.delivery = select + " AND seq = ?";
    this.newest = select + " LIMIT ?";
    this.before = select + " AND seq < ? LIMIT ?";
  }

  /** Records a new delivery, pending, and puts it in its slice's outbox. */
  public CompletionStage<Done> created(
      String supplierId, long seq, WebhookPayload payload, Instant at) {
    return both(
        session.executeWrite(
            insertDelivery, supplierId, seq, payload.type(), payload.body(), at, at),
        outbox(supplierId, seq));
  }

  /** A delivery asked for again: pending, with a new window of retries from {@code at}. */
  public CompletionStage<Done> requeued(String supplierId, long seq, Instant at) {
    return both(session.executeWrite(requeue, at, supplierId, seq), outbox(supplierId, seq));
  }

  private CompletionStage<Done> outbox(String supplierId, long seq) {
    return session.executeWrite(insertOutbox, WebhookTags.sliceOf(supplierId), supplierId, seq);
  }

  /** Records an attempt; a delivery that is finished leaves the outbox. */
  public CompletionStage<Done> attempted(WebhookDelivery after) {
    CompletionStage<Done> row =
        session.executeWrite(
            attempted,
            after.status() == WebhookDelivery.Status.PENDING ? null : after.status().name(),
            after.attempts(),
            after.lastAttemptAt(),
            after.lastResult(),
            after.nextAttemptAt(),
            after.supplierId(),
            after.seq());
    return after.isFinished() ? both(row, finished(after.supplierId(), after.seq())) : row;
  }

  /** Takes a delivery out of the outbox (finished, or gone from the log). */
  public CompletionStage<Done> finished(String supplierId, long seq) {
    return session.executeWrite(deleteOutbox, WebhookTags.sliceOf(supplierId), supplierId, seq);
  }

  public CompletionStage<Done> endpointSet(String supplierId, WebhookEndpoint endpoint) {
    return session.executeWrite(
        insertEndpoint,
        WebhookTags.sliceOf(supplierId),
        supplierId,
        endpoint.url(),
        endpoint.secret(),
        endpoint.setAt());
  }

  public CompletionStage<Done> endpointRemoved(String supplierId) {
    return session.executeWrite(deleteEndpoint, WebhookTags.sliceOf(supplierId), supplierId);
  }

  public CompletionStage<SliceState> slice(int slice) {
    CompletionStage<List<Row>> endpoints = session.selectAll(endpointsOfSlice, slice);
    CompletionStage<List<Row>> pending = session.selectAll(outboxOfSlice, slice);
    return endpoints.thenCombine(
        pending,
        (endpointRows, pendingRows) -> {
          Map<String, WebhookEndpoint> byId = new HashMap<>();
          for (Row row : endpointRows) {
            byId.put(
                row.getString("supplier_id"),
                new WebhookEndpoint(
                    row.getString("url"), row.getString("secret"), row.getInstant("set_at")));
          }
          List<Key> keys =
              pendingRows.stream()
                  .map(row -> new Key(row.getString("supplier_id"), row.getLong("seq")))
                  .toList();
          return new SliceState(byId, keys);
        });
  }

  /** The delivery, or null when the log does not have it (never, or expired). */
  public CompletionStage<WebhookDelivery> delivery(String supplierId, long seq) {
    return session
        .selectOne(delivery, supplierId, seq)
        .thenApply(row -> row.map(WebhookStore::toDelivery).orElse(null));
  }

  /** The supplier's deliveries, newest first, from before {@code beforeSeq} (or the newest). */
  public CompletionStage<List<WebhookDelivery>> deliveries(
      String supplierId, Long beforeSeq, int limit) {
    CompletionStage<List<Row>> rows =
        beforeSeq == null
            ? session.selectAll(newest, supplierId, limit)
            : session.selectAll(before, supplierId, beforeSeq, limit);
    return rows.thenApply(list -> list.stream().map(WebhookStore::toDelivery).toList());
  }

  private static WebhookDelivery toDelivery(Row row) {
    String status = row.getString("status");
    return new WebhookDelivery(
        row.getString("supplier_id"),
        row.getLong("seq"),
        row.getString("type"),
        row.getString("body"),
        row.getInstant("created_at"),
        row.getInstant("window_start"),
        status == null ? WebhookDelivery.Status.PENDING : WebhookDelivery.Status.valueOf(status),
        row.getInt("attempts"),
        row.getInstant("last_attempt_at"),
        row.getString("last_result"),
        row.getInstant("next_attempt_at"));
  }

  private static CompletionStage<Done> both(CompletionStage<Done> a, CompletionStage<Done> b) {
    return CompletableFuture.allOf(a.toCompletableFuture(), b.toCompletableFuture())
        .thenApply(v -> Done.getInstance());
  }
}
