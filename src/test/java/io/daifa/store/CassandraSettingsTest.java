package io.daifa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraSettingsTest {

  /** The embedded node's settings from the shipped configuration with {@code overrides}. */
  static CassandraSettings.Embedded embedded(Map<String, Object> overrides) {
    return CassandraSettings.fromConfig(
            ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()).getConfig("daifa"))
        .embedded();
  }

  @Test
  void theEmbeddedNodeGetsNoJvmOptionsBeyondDaifasOwnUnlessGiven() {
    assertEquals(List.of(), embedded(Map.of()).jvmOptions());
  }

  @Test
  void jvmOptionsAreSplitOnAnyWhitespace() {
    var options =
        embedded(
                Map.of(
                    "daifa.cassandra.embedded.jvm-options",
                    "  -XX:MaxTenuringThreshold=1 \t-Xlog:gc*:file=/tmp/c.log  -Dx=a,b\n"))
            .jvmOptions();

    assertEquals(
        List.of("-XX:MaxTenuringThreshold=1", "-Xlog:gc*:file=/tmp/c.log", "-Dx=a,b"), options);
  }

  @Test
  void aWordThatIsNotAnOptionIsRefusedNamingIt() {
    var refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                embedded(
                    Map.of(
                        "daifa.cassandra.embedded.jvm-options", "-Xss512k MaxGCPauseMillis=50")));

    assertTrue(refused.getMessage().contains("jvm-options"), refused.getMessage());
    assertTrue(refused.getMessage().contains("\"MaxGCPauseMillis=50\""), refused.getMessage());
  }
}
