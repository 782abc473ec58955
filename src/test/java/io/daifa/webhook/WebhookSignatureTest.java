package io.daifa.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final String SECRET = "whsec-0123456789abcdef";
  private static final String BODY = "{\"id\":\"d7\",\"type\":\"orders.dispatched\"}";

  @Test
  void shouldSignTheTimestampAndBodyWithHmacSha256() {
    assertEquals(
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        WebhookSignature.hmac("key", "The quick brown fox jumps over the lazy dog"),
        "the published example value of HMAC-SHA256");
    String header = WebhookSignature.header(SECRET, 1796119200L, BODY);
    assertTrue(header.matches("t=1796119200,v1=[0-9a-f]{64}"), header);
    assertEquals(
        WebhookSignature.hmac(SECRET, "1796119200." + BODY),
        header.substring(header.indexOf("v1=") + 3),
        "over the timestamp, a dot and the body");
  }

  @Test
  void shouldVerifyOnlyTheSameBodySecretAndARecentTime() {
    String header = WebhookSignature.header(SECRET, 1000, BODY);
    assertTrue(WebhookSignature.verify(SECRET, header, BODY, 1000, 300));
    assertTrue(WebhookSignature.verify(SECRET, header, BODY, 1300, 300));
    assertFalse(WebhookSignature.verify(SECRET, header, BODY, 1301, 300), "too old: a replay");
    assertFalse(WebhookSignature.verify("another-secret-0000", header, BODY, 1000, 300));
    assertFalse(WebhookSignature.verify(SECRET, header, BODY + " ", 1000, 300), "body changed");
    assertFalse(
        WebhookSignature.verify(SECRET, header.replace("t=1000", "t=1001"), BODY, 1000, 300),
        "timestamp changed");
    assertFalse(WebhookSignature.verify(SECRET, null, BODY, 1000, 300));
    assertFalse(WebhookSignature.verify(SECRET, "t=x,v1=00", BODY, 1000, 300));
    assertFalse(WebhookSignature.verify(SECRET, "v1=00", BODY, 1000, 300));
  }
}
