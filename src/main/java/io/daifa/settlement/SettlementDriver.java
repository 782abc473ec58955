package io.daifa.settlement;

import io.daifa.common.CborSerializable;
import io.daifa.common.Outcome;
import io.daifa.policy.ShanghaiCalendar;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The one place in the cluster where cycles are settled: run as a cluster singleton, so that the
 * schedule fires on one node and a cycle has at most one run under way cluster-wide (a request
 * during a run joins it). The runs themselves are in {@link SettlementCycles}; a run that stopped
 * with its node is resumed by the next request or schedule check on the singleton's new node.
 */
public final class SettlementDriver {

  /** What the driver is asked. */
  public sealed interface Command extends CborSerializable {}

  /** Settle {@code cycle} (yyyy-MM), or join its run; answered when the run ends. */
  public record Settle(String cycle, ActorRef<Answer> replyTo) implements Command {}

  /** The schedule's check: settle last month's cycle if it is due. */
  public enum CheckSchedule implements Command {
    INSTANCE
  }

  /** A run ended: its outcome, or why it stopped (sent by the driver to itself). */
  public record RunEnded(String cycle, Answer answer) implements Command {}

  /** How a run ended: {@code outcome}, or {@code failure} when it stopped before the end. */
  public record Answer(Outcome<SettlementState> outcome, String failure)
      implements CborSerializable {}

  /** The schedule: the day of the month (Shanghai) from which last month is due; 0 for none. */
  public record Schedule(int dayOfMonth, Duration checkEvery) {}

  private final ActorContext<Command> context;
  private final Function<YearMonth, CompletionStage<Outcome<SettlementState>>> runs;
  private final Schedule schedule;
  private final Clock clock;
  private final Map<String, List<ActorRef<Answer>>> running = new HashMap<>();

  private SettlementDriver(
      ActorContext<Command> context,
      Function<YearMonth, CompletionStage<Outcome<SettlementState>>> runs,
      Schedule schedule,
      Clock clock) {
    this.context = context;
    this.runs = runs;
    this.schedule = schedule;
    this.clock = clock;
  }

  public static Behavior<Command> create(
      Function<YearMonth, CompletionStage<Outcome<SettlementState>>> runs,
      Schedule schedule,
      Clock clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  if (schedule.dayOfMonth() > 0) {
                    timers.startTimerWithFixedDelay(
                        CheckSchedule.INSTANCE, Duration.ofSeconds(30), schedule.checkEvery());
                    context
                        .getLog()
                        .info(
                            "settlement schedule: day {} of each month, checked every {}",
                            schedule.dayOfMonth(),
                            schedule.checkEvery());
                  } else {
                    context.getLog().info("settlement schedule off: POST /v1/settlements only");
                  }
                  return new SettlementDriver(context, runs, schedule, clock).behavior();
                }));
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Settle.class, this::onSettle)
        .onMessageEquals(CheckSchedule.INSTANCE, this::onCheckSchedule)
        .onMessage(RunEnded.class, this::onRunEnded)
        .build();
  }

  private Behavior<Command> onSettle(Settle settle) {
    List<ActorRef<Answer>> waiting = running.get(settle.cycle());
    if (waiting != null) {
      waiting.add(settle.replyTo());
      return Behaviors.same();
    }
    List<ActorRef<Answer>> answerTo = new ArrayList<>();
    answerTo.add(settle.replyTo());
    running.put(settle.cycle(), answerTo);
    context.pipeToSelf(
        runs.apply(YearMonth.parse(settle.cycle())),
        (outcome, failure) ->
            new RunEnded(
                settle.cycle(), new Answer(outcome, failure == null ? null : failure.toString())));
    return Behaviors.same();
  }

  private Behavior<Command> onCheckSchedule() {
    var today = clock.instant().atZone(ShanghaiCalendar.ZONE);
    if (today.getDayOfMonth() >= schedule.dayOfMonth()) {
      String due = YearMonth.from(today).minusMonths(1).toString();
      if (!running.containsKey(due)) {
        // Nobody waits for the answer: onRunEnded logs a run that did not complete.
        onSettle(new Settle(due, context.getSystem().ignoreRef()));
      }
    }
    return Behaviors.same();
  }

  private Behavior<Command> onRunEnded(RunEnded ended) {
    Answer answer = ended.answer();
    if (answer.failure() != null) {
      context
          .getLog()
          .warn(
              "settlement {} stopped: {}; running it again resumes it",
              ended.cycle(),
              answer.failure());
    } else if (!answer.outcome().isDone()) {
      context.getLog().warn("settlement {} refused: {}", ended.cycle(), answer.outcome());
    }
    for (ActorRef<Answer> replyTo : running.remove(ended.cycle())) {
      replyTo.tell(answer);
    }
    return Behaviors.same();
  }
}
