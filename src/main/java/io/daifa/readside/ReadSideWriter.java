package io.daifa.readside;

import io.daifa.order.OrderTags;
import io.daifa.shop.OwedBatch;
import io.daifa.shop.ShopCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The node's writer of the shops' routed batches into the read tables: the shops of the node hand
 * it their batches after each write ({@code io.daifa.shop.ShopReadFeed}), it projects many shops'
 * batches at a time with the order projection's own handler (one group, rows gathered per
 * partition), and answers each shop the last batch stored.
 *
 * <p>A group starts once {@code groupSize} batches wait or the first of them has waited {@code
 * groupWithin}: with single orders, batches of one or two orders each, writing at once would pay a
 * write per partition for every few orders. A shop sends its next batches only after the answer, so
 * each shop's batches are projected in order; one message per shop waits (a shop sending again
 * replaces its waiting message with the newer, which starts at the same batch). A group that fails
 * waits {@link #RETRY_AFTER} and is written again. Nothing here is durable: what is not answered is
 * still owed by the shop that wrote it, which sends it again after a recovery.
 */
public final class ReadSideWriter {

  /**
   * The slice the shops' own batches are credited under at their agencies (a high-water mark per
   * shop and slice, {@link io.daifa.agency.BatchTally}): next to the tag slices, never one of them.
   */
  public static final int SLICE = OrderTags.SLICES;

  /** Groups being written at once. */
  static final int GROUPS_IN_FLIGHT = 2;

  /** The pause after a failed group, so that storage that is down is not asked in a loop. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  public sealed interface Command {}

  /** Batches of one shop, in order; the shop is answered once they are stored. */
  public record Project(String shopId, List<OwedBatch> batches, ActorRef<ShopCommand> replyTo)
      implements Command {}

  private record Written(List<Project> group, Throwable failure) implements Command {}

  private enum GroupDue implements Command {
    INSTANCE
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final CompletionStage<OrderProjectionHandler> handler;
  private final int groupSize;
  private final Duration groupWithin;

  /** What waits, one message per shop, oldest first. */
  private final LinkedHashMap<String, Project> waiting = new LinkedHashMap<>();

  private int waitingBatches;

  /** The first waiting message has waited long enough: write whatever waits. */
  private boolean due;

  private int inFlight;
  private long pausedUntilNanos;
  private long failedGroups;

  private ReadSideWriter(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      OrderProjectionHandler handler,
      int groupSize,
      Duration groupWithin) {
    this.context = context;
    this.timers = timers;
    this.handler = handler.start().thenApply(prepared -> handler);
    this.groupSize = groupSize;
    this.groupWithin = groupWithin;
  }

  /**
   * {@code handler} is this writer's own (its slice {@link #SLICE}); groups of about {@code
   * groupSize} batches, or what waited {@code groupWithin}.
   */
  public static Behavior<Command> create(
      OrderProjectionHandler handler, int groupSize, Duration groupWithin) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  ReadSideWriter writer =
                      new ReadSideWriter(context, timers, handler, groupSize, groupWithin);
                  return Behaviors.receive(Command.class)
                      .onMessage(Project.class, writer::onProject)
                      .onMessage(Written.class, writer::onWritten)
                      .onMessageEquals(GroupDue.INSTANCE, writer::onGroupDue)
                      .build();
                }));
  }

  private Behavior<Command> onProject(Project project) {
    enqueue(project, true);
    writeWhileRoom();
    return Behaviors.same();
  }

  private Behavior<Command> onGroupDue() {
    due = true;
    writeWhileRoom();
    return Behaviors.same();
  }

  private Behavior<Command> onWritten(Written written) {
    inFlight--;
    if (written.failure() == null) {
      for (Project project : written.group()) {
        List<OwedBatch> batches = project.batches();
        project
            .replyTo()
            .tell(new ShopCommand.ReadSideProjected(batches.get(batches.size() - 1).seqNr()));
      }
    } else {
      if (failedGroups++ % 100 == 0) {
        // Storage trouble fails every group for a while: say so, not thousands of times. The
        // cause's message is enough (a shutdown also fails the group in flight: its agencies'
        // shard region is gone; the shops owe it and send it again after the restart).
        context
            .getLog()
            .warn(
                "A read-side group of {} shops failed ({} so far), written again in {}: {}",
                written.group().size(),
                failedGroups,
                RETRY_AFTER,
                written.failure().toString());
      }
      for (Project project : written.group()) {
        enqueue(project, false);
      }
      pausedUntilNanos = System.nanoTime() + RETRY_AFTER.toNanos();
      timers.startSingleTimer(GroupDue.INSTANCE, RETRY_AFTER);
    }
    writeWhileRoom();
    return Behaviors.same();
  }

  /**
   * Adds a shop's message; one already waiting for the shop is replaced only by a {@code newer} one
   * (a failed group's message goes back only if the shop sent none since).
   */
  private void enqueue(Project project, boolean newer) {
    Project before = waiting.get(project.shopId());
    if (before != null && !newer) {
      return;
    }
    if (waiting.isEmpty() && !due && !timers.isTimerActive(GroupDue.INSTANCE)) {
      timers.startSingleTimer(GroupDue.INSTANCE, groupWithin);
    }
    waiting.put(project.shopId(), project);
    waitingBatches += project.batches().size() - (before == null ? 0 : before.batches().size());
  }

  /** Starts groups of what waits, while fewer than {@link #GROUPS_IN_FLIGHT} are being written. */
  private void writeWhileRoom() {
    long paused = pausedUntilNanos - System.nanoTime();
    if (paused > 0) {
      if (!waiting.isEmpty()) {
        timers.startSingleTimer(GroupDue.INSTANCE, Duration.ofNanos(paused));
      }
      return;
    }
    while (inFlight < GROUPS_IN_FLIGHT
        && !waiting.isEmpty()
        && (due || waitingBatches >= groupSize)) {
      List<Project> group = new ArrayList<>();
      List<JournalEvent> events = new ArrayList<>();
      Iterator<Project> oldestFirst = waiting.values().iterator();
      while (oldestFirst.hasNext() && events.size() < groupSize) {
        Project project = oldestFirst.next();
        oldestFirst.remove();
        waitingBatches -= project.batches().size();
        group.add(project);
        for (OwedBatch batch : project.batches()) {
          events.add(
              new JournalEvent(batch.event(), batch.seqNr(), batch.event().at().toEpochMilli()));
        }
      }
      inFlight++;
      CompletionStage<Done> stored = handler.thenCompose(h -> h.project(events));
      context.pipeToSelf(stored, (done, failure) -> new Written(group, failure));
    }
    if (waiting.isEmpty()) {
      due = false;
      timers.cancel(GroupDue.INSTANCE);
    } else if (!due && !timers.isTimerActive(GroupDue.INSTANCE)) {
      timers.startSingleTimer(GroupDue.INSTANCE, groupWithin);
    }
  }
}
