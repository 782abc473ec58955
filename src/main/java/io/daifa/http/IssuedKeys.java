package io.daifa.http;

import io.daifa.account.AccountRole;
import io.daifa.account.ApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account and key handed out for an idempotency key, kept in memory for a day so that a retried
 * creation answers exactly the first answer. The key itself is never stored anywhere else: after a
 * restart a retry learns that the account exists, and that its key was shown once.
 */
final class IssuedKeys {

  record Issued(String accountId, String apiKey, Instant at) {}

  private static final Duration KEEP = Duration.ofHours(24);
  private static final int LIMIT = 100_000;

  private final Map<String, Issued> byIdempotencyKey = new ConcurrentHashMap<>();
  private final Clock clock;

  IssuedKeys(Clock clock) {
    this.clock = clock;
  }

  /** A new account and key, or the ones handed out before for this idempotency key. */
  Issued issue(AccountRole role, String idempotencyKey) {
    if (idempotencyKey == null) {
      String accountId = ApiKeys.newAccountId(role);
      return new Issued(accountId, ApiKeys.newKey(accountId), clock.instant());
    }
    Instant now = clock.instant();
    if (byIdempotencyKey.size() >= LIMIT) {
      byIdempotencyKey.values().removeIf(i -> i.at().plus(KEEP).isBefore(now));
    }
    return byIdempotencyKey.compute(
        role + ":" + idempotencyKey,
        (k, old) -> {
          if (old != null && old.at().plus(KEEP).isAfter(now)) {
            return old;
          }
          String accountId = ApiKeys.accountIdFor(role, idempotencyKey);
          return new Issued(accountId, ApiKeys.newKey(accountId), now);
        });
  }
}
