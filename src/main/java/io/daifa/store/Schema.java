package io.daifa.store;

import com.datastax.oss.driver.api.core.CqlSession;
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
    for (String statement : statements(keyspace, replication)) {
      session.execute(statement);
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
