package io.daifa.http;

import io.daifa.account.AccountEntity;
import io.daifa.account.ApiKeys;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization: Bearer …} header into a {@link Principal}. The admin and ingest
 * keys come from the configuration; an account key is checked by its account entity, by hash and in
 * constant time. Verified account keys are remembered (by hash, bounded, for 30 s) so that a busy
 * caller costs no actor round trip per request; a key rotated on another node stops working here
 * within that time, and at once when rotated through this node ({@link #forget}).
 */
public final class Authenticator {

  private static final int CACHE_LIMIT = 100_000;

  /** How long a verified key is served without asking its account again: 30 s. */
  private static final long REMEMBER_NANOS = 30_000_000_000L;

  private record Verified(Principal principal, long until) {}

  private final String adminKeyHash;
  private final String ingestKeyHash;
  private final Entities entities;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final FailedAuthLimiter failures;

  public Authenticator(String adminKey, String ingestKey, Entities entities) {
    this(adminKey, ingestKey, entities, FailedAuthLimiter.standard());
  }

  Authenticator(String adminKey, String ingestKey, Entities entities, FailedAuthLimiter failures) {
    this.adminKeyHash = ApiKeys.hash(adminKey);
    this.ingestKeyHash = ApiKeys.hash(ingestKey);
    this.entities = entities;
    this.failures = failures;
  }

  /**
   * The caller of {@code authorization}, {@code client} being its address. A key that needs its
   * account entity to be checked is refused (429) for a client that presented too many unknown ones
   * lately; the role keys and keys verified before are always served.
   */
  public CompletionStage<Principal> authenticate(Optional<String> authorization, String client) {
    String key = authorization.map(Authenticator::bearer).orElse(null);
    if (key == null) {
      return CompletableFuture.failedFuture(unauthorized("send Authorization: Bearer <apiKey>"));
    }
    String hash = ApiKeys.hash(key);
    // Both comparisons always run, so timing does not tell which role a guess was close to.
    boolean admin = ApiKeys.sameSecret(hash, adminKeyHash);
    boolean ingest = ApiKeys.sameSecret(hash, ingestKeyHash);
    if (admin) {
      return CompletableFuture.completedFuture(new Principal(Principal.Role.ADMIN, "admin"));
    }
    if (ingest) {
      return CompletableFuture.completedFuture(new Principal(Principal.Role.INGEST, "ingest"));
    }
    Verified known = verified.get(hash);
    if (known != null && known.until() - System.nanoTime() > 0) {
      return CompletableFuture.completedFuture(known.principal());
    }
    String accountId = ApiKeys.accountIdOf(key);
    if (accountId == null) {
      return CompletableFuture.failedFuture(unauthorized("unknown API key"));
    }
    if (!failures.tryAcquire(client)) {
      return CompletableFuture.failedFuture(
          Problem.of(
                  ErrorCode.RATE_LIMITED,
                  "too many unknown API keys from this client; retry later",
                  null)
              .exception());
    }
    return entities
        .<Outcome<AccountEntity.Account>>account(
            accountId, r -> new AccountEntity.Authenticate(hash, r))
        .thenApply(
            outcome -> {
              if (outcome instanceof Outcome.Done<AccountEntity.Account> done) {
                Principal principal = Principal.of(done.value().role(), accountId);
                if (verified.size() >= CACHE_LIMIT) {
                  verified.clear();
                }
                verified.put(hash, new Verified(principal, System.nanoTime() + REMEMBER_NANOS));
                failures.release(client);
                return principal;
              }
              throw unauthorized("unknown API key");
            });
  }

  /** Stops serving the keys of {@code accountId} from memory: its key was just rotated. */
  void forget(String accountId) {
    verified.values().removeIf(v -> v.principal().accountId().equals(accountId));
  }

  private static String bearer(String header) {
    String prefix = "Bearer ";
    if (header.length() <= prefix.length()
        || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    String key = header.substring(prefix.length()).trim();
    return key.isEmpty() || key.length() > 200 ? null : key;
  }

  private static Problem.ProblemException unauthorized(String detail) {
    return Problem.of(ErrorCode.UNAUTHORIZED, detail, null).exception();
  }
}
