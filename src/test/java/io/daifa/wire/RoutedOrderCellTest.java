package io.daifa.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.OrderLine;
import io.daifa.order.SoldLine;
import io.daifa.routing.ManualReason;
import io.daifa.routing.RouteDecision;
import io.daifa.routing.RuleKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An order's routing is stored once, in one cell of the read table, and read back by {@code GET
 * /v1/orders/{id}}, its routing and every settlement after it: what a release wrote must read the
 * same in every later one.
 */
class RoutedOrderCellTest {

  private static final Instant PAID = Instant.parse("2026-11-11T00:00:01.250Z");
  private static final Instant ROUTED = Instant.parse("2026-11-11T00:00:01.250125Z");
  private static final Instant RULE_SET = Instant.parse("2026-11-01T08:00:00.000001Z");

  private static OrderLine line(String id, String spu) {
    return new OrderLine(
        id,
        spu,
        spu + "-red",
        3,
        Fen.of(25_900),
        Fen.of(-150),
        Fen.of(1_000),
        Fen.of(0),
        BasisPoints.of(60));
  }

  /** Three lines: by an SPU rule with a market commission, a backup without a time, queued. */
  private static final RoutedOrderCell.Routed ORDER =
      new RoutedOrderCell.Routed(
          ROUTED,
          List.of(
              new RoutedOrderCell.Line(
                  new SoldLine(line("1", "spu-9"), "b-7", "ag-2", PAID, 1_200),
                  "sup-a",
                  new RouteDecision(RuleKind.SPU, RULE_SET),
                  null),
              new RoutedOrderCell.Line(
                  new SoldLine(line("2", "spu-8"), "b-7", "ag-2", PAID, 0),
                  "sup-b",
                  new RouteDecision(RuleKind.BACKUP, null),
                  null),
              new RoutedOrderCell.Line(
                  new SoldLine(line("3", "spu-7"), "b-7", "ag-2", PAID, null),
                  null,
                  new RouteDecision(RuleKind.NONE, null),
                  ManualReason.NO_RULE_FOR_SPU)));

  /** The cell of {@link #ORDER}, as version 2 wrote it. */
  private static final String VERSION_2 =
      "029acdf8859cfdaf0604622d370561672d3282c09daf0d80e59a77030231067370752d39"
          + "0a7370752d392d72656403d89403ab02d00f0078b109067375702d6104535055018280fb"
          + "a7cdccaf06000232067370752d380a7370752d382d72656403d89403ab02d00f00780106"
          + "7375702d62074241434b555000000233067370752d370a7370752d372d72656403d89403"
          + "ab02d00f00780000054e4f4e4500104e4f5f52554c455f464f525f535055";

  @Test
  void anOrderReadsBackAsItWasWritten() {
    assertEquals(ORDER, roundTrip(ORDER));

    RoutedOrderCell.Routed withoutDecisions =
        new RoutedOrderCell.Routed(
            ROUTED,
            List.of(
                new RoutedOrderCell.Line(
                    new SoldLine(line("1", "spu-9"), "b-7", null, PAID, null),
                    "sup-a",
                    null,
                    null)));
    assertEquals(withoutDecisions, roundTrip(withoutDecisions), "routed before decisions");
  }

  @Test
  void aCellWrittenByVersion2StillReads() {
    ByteBuffer stored = ByteBuffer.wrap(HexFormat.of().parseHex(VERSION_2));
    assertEquals(ORDER, RoutedOrderCell.read(stored));
  }

  @Test
  void theOrdersSaleIsWrittenOnceNotPerLine() {
    int three = RoutedOrderCell.write(ORDER).remaining();
    int one =
        RoutedOrderCell.write(new RoutedOrderCell.Routed(ROUTED, ORDER.lines().subList(0, 1)))
            .remaining();
    int perLine = SoldLineCell.write(ORDER.lines().get(0).sold()).remaining();
    assertTrue(three - one < 2 * perLine, three + " bytes for three lines, " + one + " for one");
  }

  @Test
  void aTruncatedOrUnknownCellIsRefusedNotMisread() {
    byte[] whole = bytes(RoutedOrderCell.write(ORDER));
    for (int cut = 0; cut < whole.length; cut++) {
      ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(whole, cut));
      assertThrows(
          IllegalStateException.class, () -> RoutedOrderCell.read(truncated), "cut " + cut);
    }
    byte[] trailing = Arrays.copyOf(whole, whole.length + 1);
    assertThrows(
        IllegalStateException.class, () -> RoutedOrderCell.read(ByteBuffer.wrap(trailing)));

    byte[] lineCell = bytes(SoldLineCell.write(ORDER.lines().get(0).sold()));
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class, () -> RoutedOrderCell.read(ByteBuffer.wrap(lineCell)));
    assertTrue(refused.getMessage().contains("version 1"), refused.getMessage());
  }

  @Test
  void anOrderWithoutLinesIsNotWritten() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RoutedOrderCell.write(new RoutedOrderCell.Routed(ROUTED, List.of())));
  }

  private static RoutedOrderCell.Routed roundTrip(RoutedOrderCell.Routed routed) {
    return RoutedOrderCell.read(RoutedOrderCell.write(routed));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
