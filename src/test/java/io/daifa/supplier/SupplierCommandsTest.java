package io.daifa.supplier;

import static io.daifa.order.TestOrders.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.Rejection;
import io.daifa.common.TestClock;
import io.daifa.order.DropshipDispatch;
import io.daifa.order.LogisticsStatus;
import io.daifa.order.OrderStatus;
import io.daifa.order.TestOrders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supplier's order decisions, without an actor or a journal. */
class SupplierCommandsTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final String SUPPLIER = "sup_commands";

  private final TestClock clock = new TestClock(T0);
  private final SupplierCommands commands = new SupplierCommands(SUPPLIER, clock);

  private SupplierState withOrder(String orderId) {
    SupplierState empty = SupplierState.empty(SUPPLIER, Duration.ofHours(72));
    SupplierState registered =
        empty.apply(commands.register(empty, "Tea Co", SupplierIdentity.SUPPLIER).event());
    DropshipDispatch dispatch =
        new DropshipDispatch(
            "shp_1-1",
            "shp_1",
            SUPPLIER,
            orderId,
            null,
            TestOrders.PAID_AT,
            List.of(line("1", "spu-1"), line("2", "spu-2")));
    return registered.apply(new SupplierEvent.DispatchesReceived(SUPPLIER, List.of(dispatch), T0));
  }

  private static Rejection refusal(Decision<SupplierEvent, ?> decision) {
    assertNull(decision.event(), "a refusal stores nothing");
    return assertInstanceOf(Outcome.Refused.class, decision.answer()).rejection();
  }

  @Test
  void anOrderMovesOnlyAlongTheStatusMachine() {
    SupplierState state = withOrder("o-1");
    Rejection early = refusal(commands.ship(state, "shp_1", "o-1", "SF", "SF1"));
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, early.code());
    assertTrue(early.detail().contains("ALLOCATED"), early.detail());
    assertEquals(ErrorCode.NOT_FOUND, refusal(commands.accept(state, "shp_1", "o-2")).code());

    var accepted = (SupplierEvent.OrderAccepted) commands.accept(state, "shp_1", "o-1").event();
    assertEquals(List.of("1", "2"), accepted.lineIds());
    assertEquals(OrderStatus.ACCEPTED, accepted.orderStatus());
    state = state.apply(accepted);
    assertEquals(
        ErrorCode.ILLEGAL_TRANSITION, refusal(commands.accept(state, "shp_1", "o-1")).code());
    var shipped =
        (SupplierEvent.OrderShipped) commands.ship(state, "shp_1", "o-1", "SF", "SF1").event();
    assertEquals("SF1", shipped.trackingNo());
    state = state.apply(shipped);
    var received =
        (SupplierEvent.OrderReceived) commands.confirmReceipt(state, "shp_1", "o-1", T0).event();
    state = state.apply(received);
    assertEquals(
        ErrorCode.ILLEGAL_TRANSITION,
        refusal(commands.reject(state, "shp_1", "o-1", "too late")).code(),
        "a closed order is still found, and refuses by its status");
  }

  @Test
  void aRejectionNumbersTheNoticeThatReturnsItsLinesAndRegisteringTwiceStoresNothing() {
    SupplierState state = withOrder("o-1");
    var rejected =
        (SupplierEvent.OrderRejected) commands.reject(state, "shp_1", "o-1", "no stock").event();
    assertEquals(state.nextNoticeId(), rejected.noticeId());
    assertEquals(OrderStatus.REJECTED, rejected.orderStatus());
    assertNull(commands.register(state, "Tea Co", SupplierIdentity.SUPPLIER).event());
  }

  /**
   * A withdrawal takes back only lines not accepted yet, numbers the notice that returns them, and
   * leaves a line that moved on; withdrawn lines may be sent here again.
   */
  @Test
  void aWithdrawalTakesBackOnlyLinesNotAcceptedYet() {
    SupplierState state = withOrder("o-1");
    assertEquals(
        ErrorCode.NOT_FOUND,
        refusal(commands.withdraw(state, "shp_1", "o-2", List.of("1"))).code());
    var withdrawal = commands.withdraw(state, "shp_1", "o-1", List.of("2", "9"));
    var withdrawn = (SupplierEvent.LinesWithdrawn) withdrawal.event();
    assertEquals(List.of("2"), withdrawn.lineIds(), "an unknown line is not withdrawn");
    assertEquals(Outcome.done(new SupplierCommand.Withdrawn(List.of("2"))), withdrawal.answer());
    assertEquals(OrderStatus.ALLOCATED, withdrawn.orderStatus(), "line 1 is still here");
    state = state.apply(withdrawn);
    ShopNotice.LinesWithdrawn notice =
        (ShopNotice.LinesWithdrawn) state.pendingNotices().get(withdrawn.noticeId());
    assertEquals(List.of(line("2", "spu-2")), notice.lines());
    assertEquals(OrderStatus.WITHDRAWN, state.order("shp_1", "o-1").lines().get("2").status());

    state = state.apply(commands.accept(state, "shp_1", "o-1").event());
    var nothing = commands.withdraw(state, "shp_1", "o-1", List.of("1", "2"));
    assertNull(nothing.event(), "an accepted line never moves");
    assertEquals(Outcome.done(new SupplierCommand.Withdrawn(List.of())), nothing.answer());

    // Sent here again, the withdrawn line is allocated once more.
    DropshipDispatch again =
        new DropshipDispatch(
            "shp_1-2",
            "shp_1",
            SUPPLIER,
            "o-1",
            null,
            TestOrders.PAID_AT,
            List.of(line("2", "spu-2")));
    state = state.apply(new SupplierEvent.DispatchesReceived(SUPPLIER, List.of(again), T0));
    assertEquals(OrderStatus.ALLOCATED, state.order("shp_1", "o-1").lines().get("2").status());
  }

  /**
   * A carrier's reports move a shipped order forward only (repeats and late, earlier stages change
   * nothing), and a receipt is never dated before the delivery the carrier reported.
   */
  @Test
  void logisticsMoveForwardOnlyAndAReceiptIsNeverBeforeTheDelivery() {
    SupplierState state = withOrder("o-1");
    Instant t1 = T0.plusSeconds(3_600);
    assertEquals(
        ErrorCode.ILLEGAL_TRANSITION,
        refusal(commands.reportLogistics(state, "shp_1", "o-1", LogisticsStatus.COLLECTED, t1))
            .code(),
        "nothing shipped yet");
    state = state.apply(commands.accept(state, "shp_1", "o-1").event());
    state = state.apply(commands.ship(state, "shp_1", "o-1", "SF", "SF1").event());

    var inTransit =
        (SupplierEvent.LogisticsReported)
            commands.reportLogistics(state, "shp_1", "o-1", LogisticsStatus.IN_TRANSIT, t1).event();
    assertEquals(List.of("1", "2"), inTransit.lineIds());
    state = state.apply(inTransit);
    for (LogisticsStatus late : List.of(LogisticsStatus.COLLECTED, LogisticsStatus.IN_TRANSIT)) {
      var same = commands.reportLogistics(state, "shp_1", "o-1", late, t1.plusSeconds(5));
      assertNull(same.event(), late + " does not move the order back");
      assertEquals(Outcome.done(io.daifa.common.Ack.INSTANCE), same.answer());
    }
    Instant delivered = t1.plusSeconds(86_400);
    state =
        state.apply(
            commands
                .reportLogistics(state, "shp_1", "o-1", LogisticsStatus.DELIVERED, delivered)
                .event());
    assertEquals(delivered, state.order("shp_1", "o-1").deliveredAt());

    Rejection early =
        refusal(commands.confirmReceipt(state, "shp_1", "o-1", delivered.minusSeconds(60)));
    assertEquals(ErrorCode.VALIDATION, early.code());
    assertEquals("receivedAt", early.field());
    assertTrue(early.detail().contains(delivered.toString()), early.detail());
    var received =
        (SupplierEvent.OrderReceived)
            commands.confirmReceipt(state, "shp_1", "o-1", delivered.plusSeconds(60)).event();
    assertEquals(List.of("1", "2"), received.lineIds());
  }

  /**
   * The scorecard counts lines from the supplier's own events, in the month each happened, with
   * times measured from the line reaching the supplier.
   */
  @Test
  void theScorecardCountsWhatTheSupplierDidAndHowFast() {
    SupplierState state = withOrder("o-1"); // two lines, received at T0
    state =
        state.apply(
            commands.accept(stamped(state, T0.plusSeconds(2 * 3_600)), "shp_1", "o-1").event());
    state =
        state.apply(
            commands
                .ship(stamped(state, T0.plusSeconds(30 * 3_600)), "shp_1", "o-1", "SF", "SF1")
                .event());
    state =
        state.apply(
            commands
                .reportLogistics(
                    state, "shp_1", "o-1", LogisticsStatus.DELIVERED, T0.plusSeconds(80 * 3_600))
                .event());
    DropshipDispatch other =
        new DropshipDispatch(
            "shp_1-9",
            "shp_1",
            SUPPLIER,
            "o-2",
            null,
            TestOrders.PAID_AT,
            List.of(line("1", "spu-1")));
    state = state.apply(new SupplierEvent.DispatchesReceived(SUPPLIER, List.of(other), T0));
    state = state.apply(commands.reject(state, "shp_1", "o-2", "no stock").event());

    MonthScore month = state.scores().month("2026-11");
    assertEquals(3, month.dispatched());
    assertEquals(2, month.accepted());
    assertEquals(2 * 2 * 3_600, month.acceptSeconds(), "two lines, two hours each");
    assertEquals(2 * 30 * 3_600, month.shipSeconds());
    assertEquals(1, month.rejected());
    assertEquals(2, month.delivered());
    assertEquals(2, month.deliveredLate(), "80 h after receipt, past the 72 h promise");
    assertEquals(MonthScore.ZERO, state.scores().month("2026-12"));
  }

  /** The state, with the clock moved on to {@code at}: the commands stamp their events with it. */
  private SupplierState stamped(SupplierState state, Instant at) {
    clock.advance(java.time.Duration.between(clock.instant(), at));
    return state;
  }
}
