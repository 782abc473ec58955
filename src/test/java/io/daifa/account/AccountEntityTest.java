package io.daifa.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.EntityTestSupport;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountEntityTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final String ID = "shp_aaaaaaaaaaaaaaaaaaaa";

  private final ActorTestKit testKit = ActorTestKit.create(EntityTestSupport.config());
  private EventSourcedBehaviorTestKit<
          AccountEntity.Command, AccountEntity.AccountCreated, AccountEntity.State>
      account;

  @BeforeEach
  void setUp() {
    account =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), AccountEntity.create(ID, new TestClock(T0)));
    account.clear();
  }

  @AfterAll
  void tearDown() {
    testKit.shutdownTestKit();
  }

  private Outcome<AccountEntity.Account> authenticate(String key) {
    return account
        .<Outcome<AccountEntity.Account>>runCommand(
            r -> new AccountEntity.Authenticate(ApiKeys.hash(key), r))
        .reply();
  }

  @Test
  void shouldCreateOnceAndAuthenticateOnlyItsKey() {
    assertInstanceOf(Outcome.Refused.class, authenticate("anything"), "no account yet");
    String hash = ApiKeys.hash(ID + ".secret");
    var created =
        account.<Outcome<AccountEntity.Account>>runCommand(
            r -> new AccountEntity.Create(AccountRole.SHOP, "Tea", null, hash, r));
    assertEquals(
        List.of(new AccountEntity.AccountCreated(ID, AccountRole.SHOP, "Tea", null, hash, T0)),
        created.events());
    AccountEntity.Account expected =
        new AccountEntity.Account(ID, AccountRole.SHOP, "Tea", null, T0);
    assertEquals(Outcome.done(expected), created.reply());

    assertEquals(Outcome.done(expected), authenticate(ID + ".secret"));
    var wrong = assertInstanceOf(Outcome.Refused.class, authenticate(ID + ".guess"));
    assertEquals(ErrorCode.UNAUTHORIZED, wrong.rejection().code());

    var retried =
        account.<Outcome<AccountEntity.Account>>runCommand(
            r -> new AccountEntity.Create(AccountRole.SHOP, "Tea", null, hash, r));
    assertTrue(retried.hasNoEvents());
    assertEquals(Outcome.done(expected), retried.reply(), "a retry with the same key is harmless");
    var other =
        account.<Outcome<AccountEntity.Account>>runCommand(
            r -> new AccountEntity.Create(AccountRole.SHOP, "Cafe", null, ApiKeys.hash("x"), r));
    assertEquals(
        ErrorCode.ALREADY_EXISTS,
        assertInstanceOf(Outcome.Refused.class, other.reply()).rejection().code(),
        "the same account ID asked for another name: not a retry");

    account.restart();
    assertEquals(Outcome.done(expected), authenticate(ID + ".secret"));
  }

  @Test
  void aRetryWhoseKeyWasLostGetsANewKeyAndTheOldOneStops() {
    String first = ApiKeys.hash(ID + ".first");
    account.<Outcome<AccountEntity.Account>>runCommand(
        r -> new AccountEntity.Create(AccountRole.SHOP, "Tea", null, first, r));
    account.restart();

    // The retry's answer was kept in one node's memory only: after a restart it brings a new key.
    String second = ApiKeys.hash(ID + ".second");
    var retried =
        account.<Outcome<AccountEntity.Account>>runCommand(
            r -> new AccountEntity.Create(AccountRole.SHOP, "Tea", null, second, r));
    assertEquals(List.of(new AccountEntity.KeyRotated(ID, second, T0)), retried.events());
    assertTrue(retried.reply().isDone());
    assertTrue(authenticate(ID + ".second").isDone());
    assertInstanceOf(Outcome.Refused.class, authenticate(ID + ".first"), "revoked");

    String third = ApiKeys.hash(ID + ".third");
    account.<Outcome<AccountEntity.Account>>runCommand(r -> new AccountEntity.RotateKey(third, r));
    account.restart();
    assertTrue(authenticate(ID + ".third").isDone());
    assertInstanceOf(Outcome.Refused.class, authenticate(ID + ".second"));
  }

  @Test
  void aKeyOfNoAccountCannotBeRotated() {
    var rotated =
        account.<Outcome<AccountEntity.Account>>runCommand(
            r -> new AccountEntity.RotateKey(ApiKeys.hash("k"), r));
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertInstanceOf(Outcome.Refused.class, rotated.reply()).rejection().code());
    assertTrue(rotated.hasNoEvents());
  }
}
