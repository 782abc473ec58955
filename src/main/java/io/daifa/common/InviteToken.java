package io.daifa.common;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A shop's invite token: the shop's ID, a dot, and 144 random bits. It names its shop, so that a
 * supplier accepting it reaches the right shop entity, and it cannot be guessed.
 */
public final class InviteToken {

  private static final SecureRandom RANDOM = new SecureRandom();

  private InviteToken() {}

  public static String issue(String shopId) {
    byte[] secret = new byte[18];
    RANDOM.nextBytes(secret);
    return shopId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The shop ID a token was issued by, or null when it is not a token at all. */
  public static String shopOf(String token) {
    int dot = token == null ? -1 : token.lastIndexOf('.');
    return dot <= 0 ? null : token.substring(0, dot);
  }
}
