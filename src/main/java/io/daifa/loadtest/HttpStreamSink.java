package io.daifa.loadtest;

import io.daifa.order.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Orders over {@code POST /v1/orders/stream}: one long NDJSON stream per connection (the
 * connections spread over the routers given), orders spread over the streams in turn. Each stream
 * answers in order, so a result line belongs to the oldest order of its stream still waiting.
 */
final class HttpStreamSink implements OrderSink {

  private static final int MAX_RESULT_LINE = 1024 * 1024;

  /**
   * The most order bytes sent as one chunk: orders queued while the connection is still writing go
   * together, as a client sending a file does, rather than a chunk and a socket write per order.
   */
  private static final long MAX_CHUNK = 64 * 1024;

  private final List<Stream> streams = new ArrayList<>();
  private final AtomicLong turn = new AtomicLong();

  HttpStreamSink(
      ActorSystem<?> client,
      List<String> baseUrls,
      String ingestKey,
      int connections,
      int maxInFlight) {
    Materializer materializer = Materializer.matFromSystem(client);
    for (int i = 0; i < connections; i++) {
      streams.add(
          new Stream(
              Http.get(client),
              materializer,
              baseUrls.get(i % baseUrls.size()) + "/v1/orders/stream",
              Authorization.oauth2(ingestKey),
              maxInFlight));
    }
  }

  @Override
  public CompletionStage<SendResult> send(Order order) {
    return streams.get((int) (turn.getAndIncrement() % streams.size())).send(order);
  }

  @Override
  public void close() {
    streams.forEach(Stream::close);
  }

  /** SendResult of one result line. */
  static SendResult resultOf(String line) {
    if (!line.contains("\"error\":")) {
      return SendResult.STORED;
    }
    return line.contains("\"code\":\"UNAVAILABLE\"") || line.contains("\"code\":\"RATE_LIMITED\"")
        ? SendResult.retry(line)
        : SendResult.error(line);
  }

  private static final class Stream {
    private final BoundedSourceQueue<ByteString> orders;
    private final Queue<CompletableFuture<SendResult>> waiting = new ConcurrentLinkedQueue<>();
    private volatile String failure;

    Stream(
        Http http, Materializer materializer, String url, Authorization authorization, int buffer) {
      Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> source =
          Source.<ByteString>queue(buffer).preMaterialize(materializer);
      this.orders = source.first();
      HttpRequest request =
          HttpRequest.POST(url)
              .addHeader(authorization)
              .withEntity(
                  HttpEntities.createChunked(
                      ContentTypes.create(
                          MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8)),
                      source
                          .second()
                          .batchWeighted(
                              MAX_CHUNK,
                              lines -> (long) lines.size(),
                              lines -> lines,
                              ByteString::concat)));
      http.singleRequest(request)
          .thenCompose(
              response -> {
                if (response.status().intValue() != 200) {
                  response.discardEntityBytes(materializer);
                  throw new IllegalStateException("the stream was answered " + response.status());
                }
                return response
                    .entity()
                    .getDataBytes()
                    .via(
                        Framing.delimiter(
                            ByteString.fromString("\n"), MAX_RESULT_LINE, FramingTruncation.ALLOW))
                    .runForeach(line -> answer(line.utf8String()), materializer);
              })
          .whenComplete(
              (done, error) -> fail(error == null ? "the stream ended" : error.toString()));
    }

    synchronized CompletionStage<SendResult> send(Order order) {
      if (failure != null) {
        return CompletableFuture.completedFuture(SendResult.error(failure));
      }
      CompletableFuture<SendResult> result = new CompletableFuture<>();
      waiting.add(result);
      QueueOfferResult offered = orders.offer(ByteString.fromString(OrderJson.write(order) + "\n"));
      if (offered != QueueOfferResult.enqueued()) {
        waiting.remove(result);
        return CompletableFuture.completedFuture(SendResult.retry("stream buffer full"));
      }
      return result;
    }

    private void answer(String line) {
      CompletableFuture<SendResult> oldest = waiting.poll();
      if (oldest != null) {
        oldest.complete(resultOf(line));
      }
    }

    private synchronized void fail(String why) {
      if (failure == null) {
        failure = why;
      }
      CompletableFuture<SendResult> next;
      while ((next = waiting.poll()) != null) {
        next.complete(SendResult.error(why));
      }
    }

    void close() {
      orders.complete();
    }
  }
}
