package io.daifa.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Where the tag queries begin when they have no offset (the market feed at every start, a read
 * model rebuilt, a tag that never had an event): the plugin's {@code first-time-bucket}. The plugin
 * reads tagged rows hour by hour from there, so a fixed date makes every such start query each hour
 * since it, more with every month a deployment runs (about 740 queries per tag a month after).
 * Daifa records the hour before its keyspace was created in the keyspace ({@link Schema}) and
 * starts there.
 */
public record TagQueryStart(Instant hour) {

  /** The plugin's format: UTC, hourly buckets. */
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm").withZone(ZoneOffset.UTC);

  public TagQueryStart {
    hour = hour.truncatedTo(ChronoUnit.HOURS);
  }

  /** The hour before {@code created}: a node's clock a little behind another's loses no event. */
  public static TagQueryStart before(Instant created) {
    return new TagQueryStart(created.minus(1, ChronoUnit.HOURS));
  }

  /** The configured {@code first-time-bucket}, as the plugin writes it. */
  public static TagQueryStart parse(String firstTimeBucket) {
    return new TagQueryStart(
        LocalDateTime.parse(firstTimeBucket, FORMAT).toInstant(ZoneOffset.UTC));
  }

  /** As recorded in the keyspace: hours since the epoch, an int. */
  public static TagQueryStart ofEpochHours(int hours) {
    return new TagQueryStart(Instant.EPOCH.plus(hours, ChronoUnit.HOURS));
  }

  public int epochHours() {
    return Math.toIntExact(hour.getEpochSecond() / 3600);
  }

  /** The value of {@code pekko.persistence.cassandra.events-by-tag.first-time-bucket}. */
  public String firstTimeBucket() {
    return FORMAT.format(hour);
  }
}
