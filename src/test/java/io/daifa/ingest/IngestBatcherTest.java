package io.daifa.ingest;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.Order;
import io.daifa.order.OrderStatus;
import io.daifa.shop.OrderReceipt;
import io.daifa.shop.ShopEntity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBatcherTest {

  private final ActorTestKit testKit = ActorTestKit.create();

  /** One batch the batcher sent, with the answer the test gives it. */
  record Call(
      String shopId, List<Order> orders, CompletableFuture<ShopEntity.IngestResult> answer) {
    List<String> orderIds() {
      return orders.stream().map(Order::orderId).toList();
    }

    void succeed() {
      answer.complete(
          new ShopEntity.IngestResult(
              orders.stream().map(o -> Outcome.done(receipt(o.orderId()))).toList()));
    }
  }

  private BlockingQueue<Call> calls;

  @BeforeEach
  void setUp() {
    calls = new LinkedBlockingQueue<>();
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<IngestBatcher.Command> batcher(int maxBatch, int maxBuffered) {
    return testKit.spawn(
        IngestBatcher.create(
            (shopId, orders) -> {
              CompletableFuture<ShopEntity.IngestResult> answer = new CompletableFuture<>();
              calls.add(new Call(shopId, orders, answer));
              return answer;
            },
            maxBatch,
            maxBuffered));
  }

  private static OrderReceipt receipt(String orderId) {
    return new OrderReceipt(orderId, OrderStatus.ALLOCATED, List.of(), List.of());
  }

  private Call nextCall() throws InterruptedException {
    Call call = calls.poll(3, TimeUnit.SECONDS);
    if (call == null) {
      throw new AssertionError("no batch was sent");
    }
    return call;
  }

  private TestProbe<Outcome<OrderReceipt>> submit(
      ActorRef<IngestBatcher.Command> batcher, String orderId, String shopId) {
    TestProbe<Outcome<OrderReceipt>> probe = testKit.createTestProbe();
    batcher.tell(new IngestBatcher.Submit(order(orderId, shopId, "spu-1"), probe.ref()));
    return probe;
  }

  @Test
  void shouldGroupOrdersThatArriveWhileTheShopsBatchIsInFlight() throws Exception {
    var batcher = batcher(100, 1000);
    var first = submit(batcher, "o-1", "shp_a");
    Call call1 = nextCall();
    assertEquals(List.of("o-1"), call1.orderIds(), "a quiet shop's order leaves at once");

    var second = submit(batcher, "o-2", "shp_a");
    var third = submit(batcher, "o-3", "shp_a");
    var other = submit(batcher, "o-9", "shp_b");
    Call otherCall = nextCall();
    assertEquals("shp_b", otherCall.shopId(), "another shop is not held up");
    assertNull(calls.poll(200, TimeUnit.MILLISECONDS), "shp_a waits for its batch in flight");

    call1.succeed();
    assertEquals(Outcome.done(receipt("o-1")), first.receiveMessage());
    Call call2 = nextCall();
    assertEquals(List.of("o-2", "o-3"), call2.orderIds(), "what waited leaves as one batch");
    call2.succeed();
    assertEquals(Outcome.done(receipt("o-2")), second.receiveMessage());
    assertEquals(Outcome.done(receipt("o-3")), third.receiveMessage());
    otherCall.succeed();
    assertEquals(Outcome.done(receipt("o-9")), other.receiveMessage());
  }

  @Test
  void shouldCapTheBatchSize() throws Exception {
    var batcher = batcher(2, 1000);
    submit(batcher, "o-1", "shp_a");
    Call call1 = nextCall();
    for (int i = 2; i <= 6; i++) {
      submit(batcher, "o-" + i, "shp_a");
    }
    Thread.sleep(100);
    call1.succeed();
    Call call2 = nextCall();
    assertEquals(List.of("o-2", "o-3"), call2.orderIds());
    call2.succeed();
    assertEquals(List.of("o-4", "o-5"), nextCall().orderIds());
  }

  @Test
  void shouldRefuseAtOnceWhenTheBufferIsFull() throws Exception {
    var batcher = batcher(100, 2);
    submit(batcher, "o-1", "shp_a");
    nextCall();
    submit(batcher, "o-2", "shp_a");
    submit(batcher, "o-3", "shp_a");
    var refused = submit(batcher, "o-4", "shp_a");
    Outcome<OrderReceipt> outcome = refused.receiveMessage(Duration.ofSeconds(3));
    assertEquals(
        ErrorCode.UNAVAILABLE, assertInstanceOf(Outcome.Refused.class, outcome).rejection().code());
  }

  @Test
  void shouldAnswerEveryOrderOfAFailedBatchAndGoOn() throws Exception {
    var batcher = batcher(100, 1000);
    var first = submit(batcher, "o-1", "shp_a");
    Call call1 = nextCall();
    var second = submit(batcher, "o-2", "shp_a");
    call1.answer().completeExceptionally(new RuntimeException("journal down"));
    assertEquals(
        ErrorCode.UNAVAILABLE,
        assertInstanceOf(Outcome.Refused.class, first.receiveMessage()).rejection().code());
    Call call2 = nextCall();
    call2.succeed();
    assertEquals(Outcome.done(receipt("o-2")), second.receiveMessage());
  }
}
