package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.daifa.app.DaifaConfig;
import io.daifa.store.CassandraSettings;
import io.daifa.store.Storage;
import io.daifa.store.TagQueryStart;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A keyspace records, when its journal is created, the hour its tag queries can begin; the router
 * starts its tag queries there instead of at a fixed date (each hour since which is one query per
 * tag at every start). A keyspace whose journal is older than the record keeps the configured
 * start: its tagged events may begin at any time.
 */
class TagQueryStartIT {

  @Test
  void aNewKeyspaceRecordsTheHourBeforeItWasCreatedOnce() throws Exception {
    CassandraSettings settings = settings("tagstart1");
    Instant opened = Instant.now();
    Optional<TagQueryStart> first;
    try (Storage storage = Storage.open(settings, line -> {})) {
      first = storage.tagQueryStart();
    }

    assertTrue(first.isPresent(), "recorded");
    Instant hour = first.get().hour();
    assertTrue(!hour.isAfter(opened.minus(Duration.ofHours(1))), hour + " before " + opened);
    assertTrue(hour.isAfter(opened.minus(Duration.ofHours(3))), hour + " not long before");
    try (Storage again = Storage.open(settings, line -> {})) {
      assertEquals(first, again.tagQueryStart(), "the first start's record stays");
    }
  }

  @Test
  void aKeyspaceWhoseJournalIsOlderThanTheRecordKeepsTheConfiguredStart() throws Exception {
    CassandraSettings settings = settings("tagstart2");
    try (Storage storage = Storage.open(settings, line -> {});
        CqlSession session = storage.session(settings.localDatacenter())) {
      session.execute(
          "DELETE FROM " + settings.keyspace() + ".storage_layout WHERE name = 'tag_query_start'");
    }

    try (Storage storage = Storage.open(settings, line -> {})) {
      assertEquals(Optional.empty(), storage.tagQueryStart());
    }
  }

  private static CassandraSettings settings(String name) {
    return CassandraSettings.fromConfig(
        DaifaConfig.load(TestCassandra.freshKeyspace(name)).getConfig("daifa"));
  }
}
