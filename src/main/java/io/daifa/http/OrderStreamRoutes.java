package io.daifa.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code POST /v1/orders/stream} (ingest): NDJSON in, one NDJSON result per order out, in order.
 * Each order goes through the same per-shop batching as single orders, and its result line is
 * written only once it is stored. At most {@link #IN_FLIGHT} orders are in progress, so a source
 * faster than storage is slowed down (back-pressure) rather than buffered; an order of a shop over
 * its share of intake waits for room (a single request would get 429), so a shop flooding over
 * streams is slowed the same way rather than costing a refusal per line. A bad line gets an error
 * object on its result line and the stream goes on; a line over 1 MiB ends the stream.
 */
final class OrderStreamRoutes extends RouteSupport {

  /**
   * Orders in progress per stream: enough for batches of several orders per shop across many shops
   * (256 gave about 2 orders per write over 50 shops), few enough to keep memory small.
   */
  static final int IN_FLIGHT = 2048;

  /**
   * The most result bytes sent as one chunk. While the connection is still writing earlier results,
   * finished lines join into one chunk: a chunk per line had cost a socket write, an
   * acknowledgement and a thread wake-up per order.
   */
  static final long MAX_CHUNK = 64 * 1024;

  /** A streamed order waits behind its shop's batches; no per-line answer time is promised. */
  private static final Duration STREAMED_ORDER_PATIENCE = Duration.ofSeconds(10);

  private static final ContentType.WithFixedCharset NDJSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8));

  private final OrderLines lines;

  OrderStreamRoutes(Authenticator authenticator, OrderLines lines) {
    super(authenticator, lines.entities());
    this.lines = lines;
  }

  Route routes() {
    return path(
        PathMatchers.segment("v1").slash("orders").slash("stream"),
        () ->
            post(
                () ->
                    authorized(
                        p -> p.is(Principal.Role.INGEST),
                        p ->
                            withoutSizeLimit(
                                () ->
                                    extractRequestEntity(
                                        entity -> {
                                          Source<ByteString, ?> results =
                                              resultLines(
                                                  entity.withoutSizeLimit().getDataBytes(),
                                                  IN_FLIGHT,
                                                  this::process);
                                          return complete(
                                              HttpResponse.create()
                                                  .withEntity(
                                                      HttpEntities.createChunked(NDJSON, results)));
                                        })))));
  }

  /**
   * The result lines of an NDJSON body: each non-empty line processed, at most {@code inFlight} at
   * once, results in input order. Nothing is read from {@code body} beyond what the in-flight
   * orders and the stages' small buffers hold, so a body faster than storage waits (TCP
   * back-pressure) instead of filling memory. An element of the result holds one or more whole
   * lines, joined only while the connection is busy (never held back to wait for more).
   */
  static <M> Source<ByteString, M> resultLines(
      Source<ByteString, M> body,
      int inFlight,
      java.util.function.Function<String, CompletionStage<String>> process) {
    return body.via(
            Framing.delimiter(
                ByteString.fromString("\n"), OrderLines.MAX_LINE, FramingTruncation.ALLOW))
        .map(line -> line.utf8String().strip())
        .filter(line -> !line.isEmpty())
        .mapAsync(inFlight, process::apply)
        .map(json -> ByteString.fromString(json + "\n", StandardCharsets.UTF_8))
        .batchWeighted(MAX_CHUNK, lines -> (long) lines.size(), lines -> lines, ByteString::concat);
  }

  /** One line in, its result line out; never a failure, so the stream always goes on. */
  private CompletionStage<String> process(String line) {
    return lines.take(line, STREAMED_ORDER_PATIENCE).thenApply(OrderLines.Result::json);
  }
}
