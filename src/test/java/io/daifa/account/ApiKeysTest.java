package io.daifa.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void shouldIssueRandomWellFormedIdsAndKeys() {
    String id = ApiKeys.newAccountId(AccountRole.SUPPLIER);
    assertTrue(ApiKeys.isAccountId(id), id);
    assertEquals(AccountRole.SUPPLIER, AccountRole.ofId(id));
    assertNotEquals(id, ApiKeys.newAccountId(AccountRole.SUPPLIER));
    String key = ApiKeys.newKey(id);
    assertEquals(id, ApiKeys.accountIdOf(key));
    assertNotEquals(key, ApiKeys.newKey(id), "keys are random");
    assertTrue(key.length() > id.length() + 40, "256 random bits after the ID");
  }

  @Test
  void shouldDeriveTheSameAccountForTheSameIdempotencyKeyAndRole() {
    String shop = ApiKeys.accountIdFor(AccountRole.SHOP, "k-1");
    assertEquals(shop, ApiKeys.accountIdFor(AccountRole.SHOP, "k-1"));
    assertNotEquals(shop, ApiKeys.accountIdFor(AccountRole.SHOP, "k-2"));
    assertTrue(ApiKeys.accountIdFor(AccountRole.AGENCY, "k-1").startsWith("agy_"));
    assertTrue(ApiKeys.isAccountId(shop));
  }

  @Test
  void shouldRefuseKeysOfNoAccountShape() {
    assertNull(ApiKeys.accountIdOf("no-dot"));
    assertNull(ApiKeys.accountIdOf("shp_short.secret"));
    assertNull(ApiKeys.accountIdOf("xyz_aaaaaaaaaaaaaaaaaaaa.secret"));
    assertFalse(ApiKeys.isAccountId("shp_AAAAAAAAAAAAAAAAAAAA"));
  }

  @Test
  void shouldHashAndCompareSecrets() {
    String hash = ApiKeys.hash("shp_x.secret");
    assertEquals(64, hash.length());
    assertEquals(hash, ApiKeys.hash("shp_x.secret"));
    assertTrue(ApiKeys.sameSecret(hash, ApiKeys.hash("shp_x.secret")));
    assertFalse(ApiKeys.sameSecret(hash, ApiKeys.hash("shp_x.secreT")));
  }
}
