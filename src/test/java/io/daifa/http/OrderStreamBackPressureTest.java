package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream body faster than storage: the route reads no more of it than its in-flight orders and
 * small stage buffers hold, however long storage stalls — memory stays flat — and reading resumes
 * as soon as storage answers.
 */
class OrderStreamBackPressureTest {

  private static final int IN_FLIGHT = 64;

  private final ActorSystem<Void> system =
      ActorSystem.create(
          Behaviors.empty(),
          "backpressure",
          ConfigFactory.parseMap(Map.of("pekko.actor.provider", "local"))
              .withFallback(ConfigFactory.defaultReference()));

  @AfterEach
  void stop() {
    system.terminate();
  }

  @Test
  void shouldReadNoMoreThanItsInFlightOrdersWhileStorageStalls() throws Exception {
    AtomicLong read = new AtomicLong();
    // An endless body of order lines: without back-pressure it would be read without end.
    Source<ByteString, ?> body =
        Source.repeat(ByteString.fromString("{\"orderId\":\"o\"}\n"))
            .map(
                line -> {
                  read.incrementAndGet();
                  return line;
                });
    Queue<CompletableFuture<String>> stalled = new ConcurrentLinkedQueue<>();
    AtomicLong answered = new AtomicLong();
    OrderStreamRoutes.resultLines(
            body,
            IN_FLIGHT,
            line -> {
              CompletableFuture<String> result = new CompletableFuture<>();
              stalled.add(result);
              return result;
            })
        .runWith(Sink.foreach(lines -> answered.addAndGet(linesIn(lines))), system);

    Thread.sleep(1_000);
    long readWhileStalled = read.get();
    Thread.sleep(1_000);
    assertEquals(readWhileStalled, read.get(), "nothing more is read while storage stalls");
    assertTrue(
        readWhileStalled <= IN_FLIGHT + 64,
        "read " + readWhileStalled + " lines for " + IN_FLIGHT + " orders in flight");
    assertEquals(0, answered.get());

    // Storage answers: results flow and more of the body is read, still bounded.
    CompletableFuture<String> next;
    int released = 0;
    while (released < 500) {
      next = stalled.poll();
      if (next == null) {
        Thread.sleep(5);
        continue;
      }
      next.complete("{}");
      released++;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (answered.get() < 500 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(500, answered.get(), "every answered order has its result line");
    assertTrue(read.get() > readWhileStalled, "reading resumed");
    assertTrue(read.get() - answered.get() <= IN_FLIGHT + 64, "and stays bounded");
  }

  /** Result lines may arrive joined in one element while the consumer is busy. */
  private static long linesIn(ByteString results) {
    return results.utf8String().chars().filter(c -> c == '\n').count();
  }
}
