package io.daifa.store;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The intake log's settings, from its journal's configuration ({@code daifa.intake-log.journal}).
 *
 * @param copyWindow how often the log's events are copied to the journal: rarer than a busy shop's
 *     writes, so that a copy holds many of them (at 200 ms a copy held about two, and Cassandra
 *     saved a quarter of what it saved at 2 s)
 * @param maxWriteBytes the most bytes of events in one log write, under Cassandra's batch limit
 * @param writesInFlight the most log writes in flight, when more than one write's bytes wait
 * @param sweepEveryWindows how often, in copy windows, the log looks for routers that are gone and
 *     copies what their logs hold
 * @param copyOnStop a graceful stop copies everything first (off only in tests of a crash)
 */
record IntakeLogSettings(
    Duration copyWindow,
    int maxWriteBytes,
    int writesInFlight,
    int sweepEveryWindows,
    boolean copyOnStop) {

  static IntakeLogSettings fromConfig(Config journal) {
    Config c = journal.getConfig("intake-log");
    return new IntakeLogSettings(
        c.getDuration("copy-window"),
        (int) c.getMemorySize("max-write-bytes").toBytes(),
        c.getInt("writes-in-flight"),
        c.getInt("sweep-every-windows"),
        c.getBoolean("copy-on-stop"));
  }
}
