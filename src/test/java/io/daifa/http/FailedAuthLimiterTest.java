package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final FailedAuthLimiter limiter = new FailedAuthLimiter(3, 2, 10, now::get);

  @Test
  void aClientIsRefusedOnceItsFailuresExceedTheBurstAndAllowedAgainAsTheBucketRefills() {
    assertTrue(limiter.allows("10.0.0.1"));
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.allows("10.0.0.1"), "failure " + i);
      limiter.failed("10.0.0.1");
    }
    assertFalse(limiter.allows("10.0.0.1"), "three failures in no time: the burst is used up");
    assertTrue(limiter.allows("10.0.0.2"), "another client is not affected");

    now.addAndGet(499_000_000L);
    assertFalse(limiter.allows("10.0.0.1"), "just under one token back after 0.5 s at 2/s");
    now.addAndGet(2_000_000L);
    assertTrue(limiter.allows("10.0.0.1"));
  }

  @Test
  void theTrackedClientsAreBounded() {
    for (int i = 0; i < 3; i++) {
      limiter.failed("10.0.0.1");
    }
    for (int i = 0; i < 10; i++) {
      limiter.failed("10.1.0." + i);
    }
    assertTrue(limiter.allows("10.0.0.1"), "forgotten when the table was full");
  }
}
