package io.daifa.store;

import static io.daifa.store.CassandraSettingsTest.embedded;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraYamlTest {

  @Test
  void theDefaultMemtableIsCassandrasSkipList() {
    String yaml = CassandraYaml.render(embedded(Map.of()));

    assertTrue(
        yaml.contains(
            "memtable:\n  configurations:\n    default:\n      class_name: SkipListMemtable\n"),
        yaml);
  }

  @Test
  void theTrieMemtableCanBeChosen() {
    String yaml =
        CassandraYaml.render(embedded(Map.of("daifa.cassandra.embedded.memtable", "trie")));

    assertTrue(yaml.contains("class_name: TrieMemtable\n"), yaml);
  }

  @Test
  void anUnknownMemtableIsRefusedAtStartNotByCassandraLater() {
    var settings = embedded(Map.of("daifa.cassandra.embedded.memtable", "btree"));

    var refused =
        assertThrows(IllegalArgumentException.class, () -> CassandraYaml.render(settings));
    assertTrue(refused.getMessage().contains("skiplist or trie"), refused.getMessage());
  }

  @Test
  void theCommitLogIsWrittenAsCassandraFindsBestUnlessChosen() {
    assertTrue(
        CassandraYaml.render(embedded(Map.of())).contains("commitlog_disk_access_mode: auto\n"));
    assertTrue(
        CassandraYaml.render(
                embedded(Map.of("daifa.cassandra.embedded.commitlog-access", "legacy")))
            .contains("commitlog_disk_access_mode: legacy\n"));
  }

  @Test
  void anUnknownCommitLogAccessIsRefusedAtStart() {
    var settings = embedded(Map.of("daifa.cassandra.embedded.commitlog-access", "standard"));

    var refused =
        assertThrows(IllegalArgumentException.class, () -> CassandraYaml.render(settings));
    assertTrue(refused.getMessage().contains("auto, direct, mmap or legacy"), refused.getMessage());
  }

  @Test
  void groupCommitNamesItsWindow() {
    String yaml = CassandraYaml.render(embedded(Map.of()));

    assertTrue(yaml.contains("commitlog_sync: group\ncommitlog_sync_group_window: 5ms\n"), yaml);
    assertTrue(
        CassandraYaml.render(
                embedded(Map.of("daifa.cassandra.embedded.commitlog-sync-group-window", "12ms")))
            .contains("commitlog_sync_group_window: 12ms\n"));
  }

  @Test
  void aGroupWindowUnderAMillisecondOrOverASecondIsRefusedAtStart() {
    for (String window : new String[] {"0ms", "500us", "2s"}) {
      var settings =
          embedded(Map.of("daifa.cassandra.embedded.commitlog-sync-group-window", window));

      var refused =
          assertThrows(IllegalArgumentException.class, () -> CassandraYaml.render(settings));
      assertTrue(refused.getMessage().contains("1 ms to 1 s"), refused.getMessage());
    }
  }
}
