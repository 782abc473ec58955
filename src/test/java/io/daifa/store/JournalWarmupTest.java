package io.daifa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.EntityTestSupport;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JournalWarmupTest {

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

  @BeforeEach
  void clear() {
    journal.clearAll();
    journal.resetPolicy();
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void eachStartRecoversAndStoresOneEventOfItsNode() {
    assertTrue(JournalWarmup.run(testKit.system(), "n1", Duration.ofSeconds(10)));
    assertTrue(JournalWarmup.run(testKit.system(), "n1", Duration.ofSeconds(10)));
    assertTrue(JournalWarmup.run(testKit.system(), "n2", Duration.ofSeconds(10)));
    assertEquals(2, journal.persistedInStorage("Warmup|n1").size());
    assertEquals(1, journal.persistedInStorage("Warmup|n2").size());
  }

  @Test
  void aFailedWriteIsTriedAgainWithinThePatience() {
    journal.failNextPersisted();
    assertTrue(JournalWarmup.run(testKit.system(), "n3", Duration.ofSeconds(20)));
    assertEquals(1, journal.persistedInStorage("Warmup|n3").size());
  }

  @Test
  void storageThatNeverTakesTheWriteEndsTheWarmupWithoutFailingTheStart() {
    journal.failNextNPersisted(1_000);
    assertFalse(JournalWarmup.run(testKit.system(), "n4", Duration.ofSeconds(3)));
    assertEquals(0, journal.persistedInStorage("Warmup|n4").size());
  }
}
