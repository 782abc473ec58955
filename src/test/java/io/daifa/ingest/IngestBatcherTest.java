package io.daifa.ingest;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.Order;
import io.daifa.order.OrderStatus;
import io.daifa.shop.OrderReceipt;
import io.daifa.shop.ShopCommand;
import io.daifa.wire.CompactSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBatcherTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Duration PARK_PATIENCE = Duration.ofSeconds(2);

  private final ActorTestKit testKit = ActorTestKit.create();

  /** One batch the batcher sent; the test answers it as the shop would. */
  record Call(
      String shopId, long batchId, List<Order> orders, ActorRef<ShopCommand.IngestResult> replyTo) {
    List<String> orderIds() {
      return orders.stream().map(Order::orderId).toList();
    }

    void succeed() {
      replyTo.tell(
          new ShopCommand.IngestResult(
              batchId, orders.stream().map(o -> Outcome.done(receipt(o.orderId()))).toList()));
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

  private ActorRef<IngestBatcher.Command> batcher(int maxBatch, long maxBytes, int maxBuffered) {
    return batcher(
        new IngestBatcher.Limits(
            maxBatch, maxBytes, maxBuffered, Duration.ofMillis(500), 0, PARK_PATIENCE));
  }

  private ActorRef<IngestBatcher.Command> batcher(IngestBatcher.Limits limits) {
    // This test's queue: a batcher of an earlier test, still sending on a timer, must not feed it.
    BlockingQueue<Call> sent = calls;
    return testKit.spawn(
        IngestBatcher.create(
            (shopId, batchId, orders, replyTo) ->
                sent.add(new Call(shopId, batchId, orders, replyTo)),
            limits));
  }

  private ActorRef<IngestBatcher.Command> batcher(int maxBatch, int maxBuffered) {
    return batcher(maxBatch, Long.MAX_VALUE, maxBuffered);
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

  private CompletableFuture<Outcome<OrderReceipt>> submit(
      ActorRef<IngestBatcher.Command> batcher, String orderId, String shopId, Duration patience) {
    return submit(batcher, orderId, shopId, patience, false);
  }

  private CompletableFuture<Outcome<OrderReceipt>> streamed(
      ActorRef<IngestBatcher.Command> batcher, String orderId, String shopId, Duration patience) {
    return submit(batcher, orderId, shopId, patience, true);
  }

  private CompletableFuture<Outcome<OrderReceipt>> submit(
      ActorRef<IngestBatcher.Command> batcher,
      String orderId,
      String shopId,
      Duration patience,
      boolean waitsForShare) {
    CompletableFuture<Outcome<OrderReceipt>> reply = new CompletableFuture<>();
    batcher.tell(
        new IngestBatcher.Submit(order(orderId, shopId, "spu-1"), patience, waitsForShare, reply));
    return reply;
  }

  private CompletableFuture<Outcome<OrderReceipt>> submit(
      ActorRef<IngestBatcher.Command> batcher, String orderId, String shopId) {
    return submit(batcher, orderId, shopId, PATIENCE);
  }

  /** The first batches of shp_a and shp_b, in flight while shp_a's orders a-1… wait. */
  record BusyShops(Call a, Call b) {}

  /** Both shops get a batch in flight (a-0, b-0), then a-1 to a-{@code waiting} wait. */
  private BusyShops fillShopA(ActorRef<IngestBatcher.Command> batcher, int waiting)
      throws InterruptedException {
    submit(batcher, "a-0", "shp_a");
    Call a = nextCall();
    submit(batcher, "b-0", "shp_b");
    Call b = nextCall();
    for (int i = 1; i <= waiting; i++) {
      submit(batcher, "a-" + i, "shp_a");
    }
    return new BusyShops(a, b);
  }

  private static Outcome<OrderReceipt> answer(CompletableFuture<Outcome<OrderReceipt>> reply)
      throws Exception {
    return reply.get(3, TimeUnit.SECONDS);
  }

  private static String unavailable(CompletableFuture<Outcome<OrderReceipt>> reply)
      throws Exception {
    var refused = assertInstanceOf(Outcome.Refused.class, answer(reply));
    assertEquals(ErrorCode.UNAVAILABLE, refused.rejection().code());
    return refused.rejection().detail();
  }

  @Test
  void aShopOverItsShareOfTheRoomIsRateLimitedWhileOtherShopsAreStillTaken() throws Exception {
    var batcher = batcher(10, 100);
    // Two shops busy: each may have 50 orders waiting.
    BusyShops busy = fillShopA(batcher, 50);
    Call a = busy.a();
    Call b = busy.b();
    var over = submit(batcher, "a-51", "shp_a");
    var refused = assertInstanceOf(Outcome.Refused.class, answer(over));
    assertEquals(ErrorCode.RATE_LIMITED, refused.rejection().code());
    assertTrue(refused.rejection().detail().contains("shp_a"), refused.rejection().detail());

    var other = submit(batcher, "b-1", "shp_b");
    b.succeed();
    Call nextOfB = nextCall();
    assertEquals(List.of("b-1"), nextOfB.orderIds(), "the other shop is still taken");
    nextOfB.succeed();
    assertTrue(answer(other).isDone());
    a.succeed();
    assertEquals(10, nextCall().orders().size(), "the flooding shop goes on, a batch at a time");
  }

  @Test
  void aStreamedOrderOverItsShopsShareWaitsForRoomInsteadOfBeingRefused() throws Exception {
    var batcher = batcher(10, 100);
    Call a = fillShopA(batcher, 50).a();
    var parked = streamed(batcher, "a-51", "shp_a", PATIENCE);
    var single = submit(batcher, "a-52", "shp_a");
    var refused = assertInstanceOf(Outcome.Refused.class, answer(single));
    assertEquals(ErrorCode.RATE_LIMITED, refused.rejection().code(), "a single order: 429");
    assertFalse(parked.isDone(), "the streamed order waits");

    for (int batch = 0; batch < 6; batch++) {
      (batch == 0 ? a : nextCall()).succeed();
    }
    Call withParked = nextCall();
    assertEquals(List.of("a-51"), withParked.orderIds(), "after the 50 before it, in order");
    withParked.succeed();
    assertTrue(answer(parked).isDone(), "stored once the shop had room");
  }

  @Test
  void aParkedOrderHasItsWholePatienceForStorageOnceItMovesOn() throws Exception {
    var batcher = batcher(10, 20);
    Call a = fillShopA(batcher, 10).a();
    var parked = streamed(batcher, "a-11", "shp_a", Duration.ofMillis(800));
    Thread.sleep(500);
    a.succeed();
    nextCall().succeed();
    Call withParked = nextCall();
    assertEquals(List.of("a-11"), withParked.orderIds());
    Thread.sleep(500); // past the patience counted from its submission
    withParked.succeed();
    assertTrue(answer(parked).isDone(), "stored, not timed out by what it waited parked");
  }

  /**
   * When a shop's batch returns and every order waiting for it has expired meanwhile (the sweep had
   * not come by yet), the stream orders parked behind them move on and must be sent, not left
   * waiting for their own patience to run out and then answered 503, their streams stalled with
   * them.
   */
  @Test
  void parkedOrdersMovedBehindExpiredOnesAreSentWhenTheShopsBatchReturns() throws Exception {
    var batcher = batcher(10, 20);
    submit(batcher, "a-0", "shp_a");
    Call a = nextCall();
    submit(batcher, "b-0", "shp_b");
    nextCall();
    List<CompletableFuture<Outcome<OrderReceipt>>> expired = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      expired.add(submit(batcher, "a-" + i, "shp_a", Duration.ZERO));
    }
    var parked = streamed(batcher, "a-11", "shp_a", PATIENCE);
    a.succeed();

    Call withParked = nextCall();
    assertEquals(List.of("a-11"), withParked.orderIds(), "sent at once, not after its patience");
    withParked.succeed();
    assertEquals(Outcome.done(receipt("a-11")), answer(parked));
    for (var order : expired) {
      assertTrue(unavailable(order).contains("not stored"));
    }
  }

  @Test
  void aShopOverItsRateCapWhileOthersSendIsPacedAndHoldsASecondOfOrdersAtMost() throws Exception {
    var batcher =
        batcher(
            new IngestBatcher.Limits(
                1000, Long.MAX_VALUE, 10_000, Duration.ofSeconds(5), 20, PARK_PATIENCE));
    submit(batcher, "b-0", "shp_b");
    nextCall().succeed(); // another shop sent within the last second: shp_a is capped
    long start = System.nanoTime();
    submit(batcher, "a-0", "shp_a");
    nextCall().succeed();
    List<CompletableFuture<Outcome<OrderReceipt>>> replies = new ArrayList<>();
    for (int i = 1; i <= 21; i++) {
      replies.add(submit(batcher, "a-" + i, "shp_a")); // a-1 leaves at once, 20 wait
    }
    var over = submit(batcher, "a-22", "shp_a");
    var refused = assertInstanceOf(Outcome.Refused.class, answer(over));
    assertEquals(ErrorCode.RATE_LIMITED, refused.rejection().code(), "a second of orders waits");
    int sent = 1;
    while (sent < 22) {
      submit(batcher, "b-" + sent, "shp_b"); // shp_b keeps sending
      Call next = nextCall();
      next.succeed();
      sent += next.shopId().equals("shp_a") ? next.orders().size() : 0;
    }
    for (var reply : replies) {
      assertTrue(answer(reply).isDone());
    }
    // 22 orders at 20/s from a bucket of 20: the last two waited for tokens, 100 ms at least.
    assertTrue(System.nanoTime() - start >= 90_000_000L, "paced");
  }

  @Test
  void aShopAloneIsNeverCapped() throws Exception {
    var batcher =
        batcher(
            new IngestBatcher.Limits(
                1000, Long.MAX_VALUE, 10_000, Duration.ofSeconds(5), 1, PARK_PATIENCE));
    submit(batcher, "a-0", "shp_a");
    Call first = nextCall();
    for (int i = 1; i <= 50; i++) {
      submit(batcher, "a-" + i, "shp_a");
    }
    first.succeed();
    assertEquals(50, nextCall().orders().size(), "one batch, far over 1 order/s");
  }

  /**
   * A parked order waits out the park patience, not its own (shorter) one: giving up early would
   * only bring it back from its stream as another line to parse and refuse.
   */
  @Test
  void aStreamedOrderParkedPastTheParkPatienceIsRateLimited() throws Exception {
    var batcher = batcher(10, 40);
    fillShopA(batcher, 20);
    var parked = streamed(batcher, "a-21", "shp_a", Duration.ofMillis(300));
    Thread.sleep(1_000);
    assertFalse(parked.isDone(), "still parked after its own patience");
    var refused = assertInstanceOf(Outcome.Refused.class, answer(parked));
    assertEquals(ErrorCode.RATE_LIMITED, refused.rejection().code());
  }

  @Test
  void aShopAloneMayUseTheWholeRoom() throws Exception {
    var batcher = batcher(10, 100);
    submit(batcher, "a-0", "shp_a");
    nextCall();
    for (int i = 1; i <= 100; i++) {
      submit(batcher, "a-" + i, "shp_a");
    }
    String detail = unavailable(submit(batcher, "a-101", "shp_a"));
    assertTrue(detail.contains("saturated"), detail);
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
    assertEquals(Outcome.done(receipt("o-1")), answer(first));
    Call call2 = nextCall();
    assertEquals(List.of("o-2", "o-3"), call2.orderIds(), "what waited leaves as one batch");
    call2.succeed();
    assertEquals(Outcome.done(receipt("o-2")), answer(second));
    assertEquals(Outcome.done(receipt("o-3")), answer(third));
    otherCall.succeed();
    assertEquals(Outcome.done(receipt("o-9")), answer(other));
  }

  @Test
  void shouldCapTheBatchByCountAndByBytes() throws Exception {
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

    long oneOrder = CompactSize.of(order("o-1", "shp_b", "spu-1"));
    var bounded = batcher(100, oneOrder * 2 + 1, 1000);
    submit(bounded, "o-1", "shp_b");
    Call first = nextCall();
    for (int i = 2; i <= 6; i++) {
      submit(bounded, "o-" + i, "shp_b");
    }
    Thread.sleep(100);
    first.succeed();
    Call byBytes = nextCall();
    assertEquals(List.of("o-2", "o-3"), byBytes.orderIds(), "two orders fit the byte bound");
  }

  @Test
  void shouldRefuseAtOnceWhenTheBufferIsFull() throws Exception {
    var batcher = batcher(100, 2);
    submit(batcher, "o-1", "shp_a");
    nextCall();
    submit(batcher, "o-2", "shp_a");
    submit(batcher, "o-3", "shp_a");
    var refused = submit(batcher, "o-4", "shp_a");
    assertTrue(unavailable(refused).contains("saturated"));
  }

  @Test
  void shouldAnswerALateBatch503AndSendNothingMoreUntilItLands() throws Exception {
    var batcher = batcher(100, 1000);
    var first = submit(batcher, "o-1", "shp_a", Duration.ofMillis(200));
    Call call1 = nextCall();
    var second = submit(batcher, "o-2", "shp_a");
    assertTrue(
        unavailable(first).contains("may have been stored"),
        "a batch not confirmed in time may still land");
    assertNull(
        calls.poll(200, TimeUnit.MILLISECONDS),
        "the next batch waits while the late one may still land");
    call1.succeed();
    Call call2 = nextCall();
    assertEquals(List.of("o-2"), call2.orderIds());
    call2.succeed();
    assertEquals(Outcome.done(receipt("o-2")), answer(second));
  }

  @Test
  void shouldGiveUpOnABatchThatIsNeverAnswered() throws Exception {
    var batcher = batcher(100, 1000);
    var first = submit(batcher, "o-1", "shp_a", Duration.ofMillis(100));
    Call lost = nextCall();
    unavailable(first);
    var second = submit(batcher, "o-2", "shp_a");
    Call call2 = nextCall();
    assertEquals(List.of("o-2"), call2.orderIds(), "sent once the lost batch is abandoned");
    lost.succeed();
    call2.succeed();
    assertEquals(Outcome.done(receipt("o-2")), answer(second));
  }

  @Test
  void shouldNotSendAnOrderWhosePatienceRanOutWhileItWaited() throws Exception {
    var batcher = batcher(100, 1000);
    submit(batcher, "o-1", "shp_a");
    Call call1 = nextCall();
    var impatient = submit(batcher, "o-2", "shp_a", Duration.ofMillis(50));
    var patient = submit(batcher, "o-3", "shp_a");
    assertTrue(
        unavailable(impatient).contains("not stored"),
        "answered while its shop's batch is still in flight");
    assertFalse(patient.isDone());
    call1.succeed();
    Call call2 = nextCall();
    assertEquals(List.of("o-3"), call2.orderIds(), "the expired order is not sent");
  }
}
