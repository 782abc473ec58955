package io.daifa.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Daifa-Signature} header of a webhook: {@code t=<unix seconds>,v1=<hex>}, where the hex
 * is HMAC-SHA256 with the supplier's secret over {@code "<t>.<body>"} (the body's exact bytes,
 * UTF-8). The timestamp is signed with the body, so that a receiver can refuse an old message
 * replayed (five minutes of tolerance is the usual choice); each attempt is signed anew.
 */
public final class WebhookSignature {

  public static final String HEADER = "Daifa-Signature";

  private WebhookSignature() {}

  public static String header(String secret, long unixSeconds, String body) {
    return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
  }

  /**
   * Whether {@code header} is a valid signature of {@code body} with {@code secret}, made no more
   * than {@code toleranceSeconds} away from {@code nowSeconds}: what a receiver checks.
   */
  public static boolean verify(
      String secret, String header, String body, long nowSeconds, long toleranceSeconds) {
    if (header == null) {
      return false;
    }
    Long timestamp = null;
    String signature = null;
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        try {
          timestamp = Long.parseLong(part.substring(2));
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (part.startsWith("v1=")) {
        signature = part.substring(3);
      }
    }
    if (timestamp == null || signature == null) {
      return false;
    }
    if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
      return false;
    }
    byte[] expected = hmac(secret, timestamp + "." + body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  static String hmac(String secret, String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
