package io.daifa.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Daifa's schema, from the CQL file it ships ({@code schema/daifa.cql}), with the keyspace and
 * replication of the configuration. Every statement is {@code IF NOT EXISTS}: applying it again
 * changes nothing.
 */
public final class Schema {

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

  public static List<String> statements(String keyspace, String replication) {
    String withoutComments = render(keyspace, replication).replaceAll("(?m)^\\s*--.*$", "");
    return Arrays.stream(withoutComments.split(";"))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  public static void apply(CqlSession session, String keyspace, String replication) {
    refuseOutdated(session, keyspace);
    for (String statement : statements(keyspace, replication)) {
      session.execute(statement);
    }
  }

  /**
   * Refuses a keyspace written before order IDs were scoped per shop (storage schema 1): its tables
   * key orders by order ID alone, and {@code IF NOT EXISTS} would keep them as they are.
   */
  static void refuseOutdated(CqlSession session, String keyspace) {
    boolean hasOrderLines = false;
    boolean keyedByShop = false;
    for (Row column :
        session.execute(
            "SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = ? AND"
                + " table_name = 'order_lines'",
            keyspace)) {
      hasOrderLines = true;
      keyedByShop |=
          "shop_id".equals(column.getString("column_name"))
              && "clustering".equals(column.getString("kind"));
    }
    if (hasOrderLines && !keyedByShop) {
      throw new OutdatedSchema(
          "keyspace "
              + keyspace
              + " was written by an earlier Daifa that keyed orders by order ID alone (storage"
              + " schema 1); this build keys them by shop and order ID (schema 2) and cannot"
              + " use it: start with a fresh data directory or keyspace");
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
