package io.daifa.http;

import io.daifa.account.AccountEntity;
import io.daifa.account.AccountRole;
import io.daifa.account.ApiKeys;
import io.daifa.agency.AgencyEntity;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.ingest.IngestBatcher;
import io.daifa.order.Order;
import io.daifa.policy.DepositPolicyEntity;
import io.daifa.shop.OrderReceipt;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopEntity;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierEntity;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.AskTimeoutException;

/**
 * Asks entities on behalf of the routes. An entity that does not answer within the ask timeout
 * (storage down, the journal's circuit breaker open) becomes a 503 problem, so that the caller
 * hears quickly and retries; since entities reply only after persisting, nothing is half-written.
 */
public final class Entities {

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final ActorRef<IngestBatcher.Command> batcher;
  private final Map<String, AccountEntity.Account> knownAccounts = new ConcurrentHashMap<>();

  public Entities(
      ClusterSharding sharding, Duration timeout, ActorRef<IngestBatcher.Command> batcher) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.batcher = batcher;
  }

  /**
   * How long a single request waits for its order: a batch already in flight plus its own, still
   * within the 2 s the API promises.
   */
  public Duration requestPatience() {
    return timeout.plusMillis(400);
  }

  /**
   * Takes in one order through the batcher, which groups it with its shop's other orders, waiting
   * at most {@code patience}; over its shop's share of intake it waits for room if {@code
   * waitsForShare}, else it is refused at once.
   */
  public CompletionStage<Outcome<OrderReceipt>> ingest(
      Order order, Duration patience, boolean waitsForShare) {
    CompletableFuture<Outcome<OrderReceipt>> reply = new CompletableFuture<>();
    batcher.tell(new IngestBatcher.Submit(order, patience, waitsForShare, reply));
    return reply;
  }

  public <R> CompletionStage<R> shop(String shopId, Function<ActorRef<R>, ShopCommand> command) {
    return guard(
        sharding.entityRefFor(ShopEntity.ENTITY_TYPE_KEY, shopId).ask(command::apply, timeout));
  }

  public <R> CompletionStage<R> supplier(
      String supplierId, Function<ActorRef<R>, SupplierCommand> command) {
    return guard(
        sharding
            .entityRefFor(SupplierEntity.ENTITY_TYPE_KEY, supplierId)
            .ask(command::apply, timeout));
  }

  public <R> CompletionStage<R> account(
      String accountId, Function<ActorRef<R>, AccountEntity.Command> command) {
    return guard(
        sharding
            .entityRefFor(AccountEntity.ENTITY_TYPE_KEY, accountId)
            .ask(command::apply, timeout));
  }

  public <R> CompletionStage<R> agency(
      String agencyId, Function<ActorRef<R>, AgencyEntity.Command> command) {
    return guard(
        sharding.entityRefFor(AgencyEntity.ENTITY_TYPE_KEY, agencyId).ask(command::apply, timeout));
  }

  public <R> CompletionStage<R> depositPolicies(
      Function<ActorRef<R>, DepositPolicyEntity.Command> command) {
    return guard(
        sharding
            .entityRefFor(DepositPolicyEntity.ENTITY_TYPE_KEY, DepositPolicyEntity.ID)
            .ask(command::apply, timeout));
  }

  /**
   * The account {@code accountId} of role {@code role}; fails with {@code missing} when there is
   * none. Known accounts are remembered: an account, once created, never goes away.
   */
  public CompletionStage<AccountEntity.Account> requireAccount(
      String accountId, AccountRole role, Problem missing) {
    AccountEntity.Account known = knownAccounts.get(accountId);
    if (known != null && known.role() == role) {
      return CompletableFuture.completedFuture(known);
    }
    if (!ApiKeys.isAccountId(accountId) || AccountRole.ofId(accountId) != role) {
      return CompletableFuture.failedFuture(missing.exception());
    }
    return this.<AccountEntity.State>account(accountId, AccountEntity.GetAccount::new)
        .thenApply(
            state -> {
              if (state.account() == null) {
                throw missing.exception();
              }
              if (knownAccounts.size() >= 100_000) {
                knownAccounts.clear();
              }
              knownAccounts.put(accountId, state.account());
              return state.account();
            });
  }

  private static <R> CompletionStage<R> guard(CompletionStage<R> stage) {
    return stage.exceptionally(
        failure -> {
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof AskTimeoutException || cause instanceof TimeoutException) {
            throw Problem.of(
                    ErrorCode.UNAVAILABLE,
                    "storage did not answer in time; the request may have been stored: send it again"
                        + " (with the same Idempotency-Key where it has one)",
                    null)
                .exception();
          }
          throw failure instanceof CompletionException ce ? ce : new CompletionException(cause);
        });
  }
}
