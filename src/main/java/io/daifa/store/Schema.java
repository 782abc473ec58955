package io.daifa.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Daifa's schema, from the CQL file it ships ({@code schema/daifa.cql}), with the keyspace and
 * replication of the configuration. Every statement is {@code IF NOT EXISTS}: applying it again
 * changes nothing.
 */
public final class Schema {

  private static final String ORDER_BUCKETS = "order_buckets";

  /** The hour the tag queries begin, in hours since the epoch ({@link TagQueryStart}). */
  private static final String TAG_QUERY_START = "tag_query_start";

  private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

  private Schema() {}

  public static String render(String keyspace, String replication) {
    if (!KEYSPACE.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("not a valid keyspace name: " + keyspace);
    }
    if (!replication.trim().startsWith("{") || replication.contains(";")) {
      throw new IllegalArgumentException("replication must be a CQL map literal: " + replication);
    }
    return template().replace("${keyspace}", keyspace).replace("${replication}", replication);
  }

  /**
   * The schema's statements for {@code settings}' keyspace, ending with the record of its layout
   * ({@link OrderBuckets}), written only by the first start against the keyspace.
   */
  public static List<String> statements(CassandraSettings settings) {
    String withoutComments =
        render(settings.keyspace(), settings.replication()).replaceAll("(?m)^\\s*--.*$", "");
    List<String> statements = new ArrayList<>();
    Arrays.stream(withoutComments.split(";"))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(statements::add);
    statements.add(
        "INSERT INTO "
            + settings.keyspace()
            + ".storage_layout (name, value) VALUES ('"
            + ORDER_BUCKETS
            + "', "
            + settings.orderBuckets().count()
            + ") IF NOT EXISTS");
    return statements;
  }

  /**
   * Applies the schema and returns where the keyspace's tag queries begin: recorded by the start
   * that created its journal, as the hour before {@code now}; empty for a keyspace whose journal is
   * older than the record, whose tagged events may begin at any time (the configured {@code
   * first-time-bucket} stays).
   */
  public static Optional<TagQueryStart> apply(
      CqlSession session, CassandraSettings settings, Instant now) {
    refuseOutdated(session, settings.keyspace());
    boolean hadJournal = hasTable(session, settings.keyspace(), "messages");
    for (String statement : statements(settings)) {
      session.execute(statement);
    }
    refuseOtherLayout(session, settings);
    if (!hadJournal) {
      session.execute(
          "INSERT INTO "
              + settings.keyspace()
              + ".storage_layout (name, value) VALUES ('"
              + TAG_QUERY_START
              + "', "
              + TagQueryStart.before(now).epochHours()
              + ") IF NOT EXISTS");
    }
    return tagQueryStart(session, settings.keyspace());
  }

  /** Where the keyspace's tag queries begin, when it is recorded. */
  public static Optional<TagQueryStart> tagQueryStart(CqlSession session, String keyspace) {
    if (!hasTable(session, keyspace, "storage_layout")) {
      return Optional.empty();
    }
    Row stored =
        session
            .execute(
                "SELECT value FROM "
                    + keyspace
                    + ".storage_layout WHERE name = '"
                    + TAG_QUERY_START
                    + "'")
            .one();
    return stored == null
        ? Optional.empty()
        : Optional.of(TagQueryStart.ofEpochHours(stored.getInt("value")));
  }

  private static boolean hasTable(CqlSession session, String keyspace, String table) {
    return session
            .execute(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND"
                    + " table_name = ?",
                keyspace,
                table)
            .one()
        != null;
  }

  /**
   * Refuses a keyspace written before order IDs were scoped per shop (storage schema 1), before
   * order lines were spread over buckets (schema 2) or before a line's sale was one cell (schema
   * 3): their read tables have another shape, and {@code IF NOT EXISTS} would keep them as they
   * are.
   */
  static void refuseOutdated(CqlSession session, String keyspace) {
    boolean hasOrderLines = false;
    boolean keyedByShop = false;
    boolean bucketed = false;
    boolean saleInOneCell = false;
    for (Row column :
        session.execute(
            "SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = ? AND"
                + " table_name = 'order_lines'",
            keyspace)) {
      hasOrderLines = true;
      String name = column.getString("column_name");
      String kind = column.getString("kind");
      keyedByShop |= "shop_id".equals(name) && "clustering".equals(kind);
      bucketed |= "bucket".equals(name) && "partition_key".equals(kind);
      saleInOneCell |= "sale".equals(name);
    }
    if (hasOrderLines && !keyedByShop) {
      throw outdated(
          keyspace,
          "keyed orders by order ID alone (storage schema 1)",
          "keys them by shop and order ID");
    }
    if (hasOrderLines && !bucketed) {
      throw outdated(
          keyspace,
          "kept each order's lines in a partition of their own (storage schema 2)",
          "keeps them in buckets of orders");
    }
    if (hasOrderLines && !saleInOneCell) {
      throw outdated(
          keyspace,
          "kept a line's product, amounts and buyer in columns of their own (storage schema 3)",
          "keeps them in one cell (schema 4)");
    }
  }

  private static OutdatedSchema outdated(String keyspace, String then, String now) {
    return new OutdatedSchema(
        "keyspace "
            + keyspace
            + " was written by an earlier Daifa that "
            + then
            + "; this build "
            + now
            + " and cannot use it: start with a fresh data directory or keyspace");
  }

  /** Refuses a bucket count other than the one the keyspace was created with. */
  private static void refuseOtherLayout(CqlSession session, CassandraSettings settings) {
    Row stored =
        session
            .execute(
                "SELECT value FROM "
                    + settings.keyspace()
                    + ".storage_layout WHERE name = '"
                    + ORDER_BUCKETS
                    + "'")
            .one();
    int configured = settings.orderBuckets().count();
    if (stored != null && stored.getInt("value") != configured) {
      throw new OutdatedSchema(
          "keyspace "
              + settings.keyspace()
              + " spreads order lines over "
              + stored.getInt("value")
              + " buckets and the configuration says "
              + configured
              + ": set daifa.cassandra.order-buckets (DAIFA_CASSANDRA_ORDER_BUCKETS) to "
              + stored.getInt("value")
              + "; the count cannot change once orders are stored");
    }
  }

  /** The keyspace holds tables of an earlier, incompatible shape; retrying will not help. */
  public static final class OutdatedSchema extends IllegalStateException {
    OutdatedSchema(String message) {
      super(message);
    }
  }

  private static String template() {
    try (InputStream in = Schema.class.getResourceAsStream("/schema/daifa.cql")) {
      if (in == null) {
        throw new IllegalStateException("schema/daifa.cql is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
