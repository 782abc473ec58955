package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final FailedAuthLimiter limiter = new FailedAuthLimiter(3, 2, 10, now::get);

  @Test
  void aClientIsRefusedOnceItsBurstIsTakenAndAllowedAgainAsTheBucketRefills() {
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.tryAcquire("10.0.0.1"), "check " + i);
    }
    assertFalse(limiter.tryAcquire("10.0.0.1"), "three checks in no time: the burst is used up");
    assertTrue(limiter.tryAcquire("10.0.0.2"), "another client is not affected");

    now.addAndGet(499_000_000L);
    assertFalse(limiter.tryAcquire("10.0.0.1"), "just under one token back after 0.5 s at 2/s");
    now.addAndGet(2_000_000L);
    assertTrue(limiter.tryAcquire("10.0.0.1"));
    assertFalse(limiter.tryAcquire("10.0.0.1"), "one token, one check");
  }

  @Test
  void aValidKeyGivesItsTokenBack() {
    for (int i = 0; i < 10; i++) {
      assertTrue(limiter.tryAcquire("10.0.0.1"));
      limiter.release("10.0.0.1");
    }
    assertTrue(limiter.tryAcquire("10.0.0.1"), "valid keys never use the bucket up");
  }

  @Test
  void theTrackedClientsAreBounded() {
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire("10.0.0.1");
    }
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire("10.1.0." + i);
    }
    assertTrue(limiter.tryAcquire("10.0.0.1"), "forgotten when the table was full");
  }
}
