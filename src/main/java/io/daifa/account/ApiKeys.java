package io.daifa.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Account IDs and API keys. A key is {@code <accountId>.<256 random bits>}: the ID part says which
 * account to check, the random part is the secret. Only the SHA-256 of a key is ever stored (a
 * random 256-bit secret needs no slow hash), and hashes are compared in constant time.
 */
public final class ApiKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern ACCOUNT_ID = Pattern.compile("(shp|sup|agy)_[a-z2-7]{20}");

  private ApiKeys() {}

  public static String newAccountId(AccountRole role) {
    byte[] bytes = new byte[13];
    RANDOM.nextBytes(bytes);
    return role.idPrefix() + base32(bytes);
  }

  /**
   * The account ID a creation with this idempotency key gets: the same key always names the same
   * account, so a retried creation can never make a second one. Scoped by role.
   */
  public static String accountIdFor(AccountRole role, String idempotencyKey) {
    byte[] digest =
        sha256(("daifa-account:" + role + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    return role.idPrefix() + base32(digest);
  }

  public static boolean isAccountId(String id) {
    return id != null && ACCOUNT_ID.matcher(id).matches();
  }

  public static String newKey(String accountId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return accountId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The account a presented key claims to belong to, or null when it has no such shape. */
  public static String accountIdOf(String key) {
    int dot = key == null ? -1 : key.indexOf('.');
    if (dot < 0) {
      return null;
    }
    String id = key.substring(0, dot);
    return isAccountId(id) ? id : null;
  }

  public static String hash(String key) {
    return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Constant-time comparison: the time taken does not depend on where two values differ. */
  public static boolean sameSecret(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Lower-case RFC 4648 base32 of the first 100 bits: 20 characters. */
  private static String base32(byte[] bytes) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder out = new StringBuilder(20);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5 && out.length() < 20) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
