package io.daifa.common;

import java.time.Instant;

/**
 * Instants as microseconds since the epoch: the precision of every stamp Daifa writes ({@link
 * HybridTime}) and of Cassandra's write timestamps, which a Cassandra {@code timestamp} column
 * (milliseconds) and an epoch-millisecond count would lose.
 */
public final class EpochMicros {

  private EpochMicros() {}

  public static long of(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
