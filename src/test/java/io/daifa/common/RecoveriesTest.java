package io.daifa.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecoveriesTest {

  private final Recoveries recoveries = new Recoveries();

  @Test
  void isQuietOnlyWhenEveryRecoveryThatBeganHasEnded() {
    Object shop = new Object();
    Object supplier = new Object();
    assertTrue(recoveries.quiet());
    recoveries.began(shop);
    recoveries.began(supplier);
    assertFalse(recoveries.quiet());
    recoveries.ended(shop);
    assertFalse(recoveries.quiet());
    recoveries.ended(supplier);
    recoveries.ended(supplier);
    assertTrue(recoveries.quiet());
  }

  @Test
  void aWaitEndsWhenTheLastRecoveryEnds() throws Exception {
    Object shop = new Object();
    recoveries.began(shop);
    CompletableFuture<Void> wait =
        recoveries.awaitQuiet(Duration.ofMinutes(1)).toCompletableFuture();
    Thread.sleep(200);
    assertFalse(wait.isDone(), "the read side goes on waiting while the shop recovers");
    recoveries.ended(shop);
    wait.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aWaitEndsAfterItsPatienceEvenIfARecoveryGoesOn() throws Exception {
    recoveries.began(new Object());
    recoveries.awaitQuiet(Duration.ofMillis(300)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertFalse(recoveries.quiet());
  }
}
