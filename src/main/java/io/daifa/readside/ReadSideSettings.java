package io.daifa.readside;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How the order projection groups envelopes and writes them ({@code daifa.read-side}).
 *
 * @param yieldToRecovery how long a group waits at most while a shop or supplier of the node
 *     recovers (see {@link io.daifa.common.Recoveries})
 * @param rereadOnStart how far before its stored offset a projection instance starts reading its
 *     tag again (see {@link RereadingTagSource})
 * @param writerGroupSize the most routed batches a group of the shops' own feed holds (see {@link
 *     ReadSideWriter})
 */
public record ReadSideSettings(
    int groupSize,
    Duration groupWithin,
    int concurrency,
    int partitionsPerRequest,
    Duration yieldToRecovery,
    Duration rereadOnStart,
    int writerGroupSize) {

  public static ReadSideSettings fromConfig(Config readSide) {
    return new ReadSideSettings(
        readSide.getInt("group-size"),
        readSide.getDuration("group-within"),
        readSide.getInt("concurrency"),
        readSide.getInt("partitions-per-request"),
        readSide.getDuration("yield-to-recovery"),
        readSide.getDuration("reread-on-start"),
        readSide.getInt("writer-group-size"));
  }
}
