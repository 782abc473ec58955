package io.daifa.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

  private static WebhookTargets targets(boolean requireHttps, boolean allowPrivate) {
    return new WebhookTargets(
        new WebhookSettings(
            requireHttps,
            allowPrivate,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofHours(1),
            Duration.ofHours(24),
            4));
  }

  @Test
  void shouldAcceptOnlyHttpsUrlsWithAHostUnlessHttpIsAllowed() {
    WebhookTargets strict = targets(true, false);
    assertNull(strict.problemWith("https://erp.example.com/daifa/hooks?src=1"));
    assertEquals("must be an https URL", strict.problemWith("http://erp.example.com/hooks"));
    assertEquals("must be an https URL", strict.problemWith("ftp://erp.example.com/"));
    assertEquals("must be an https URL", strict.problemWith("/relative/path"));
    assertEquals("is not a URL", strict.problemWith("https://exa mple.com/"));
    assertNotNull(strict.problemWith("https://user:pw@erp.example.com/"));
    assertNotNull(strict.problemWith("https://erp.example.com/#frag"));
    assertNotNull(strict.problemWith("https:///no-host"));
    assertNotNull(strict.problemWith("https://erp.example.com/" + "a".repeat(2048)));
    assertNull(targets(false, false).problemWith("http://erp.example.com/hooks"));
  }

  @Test
  void shouldRefuseInternalAddressesUnlessAllowed() throws Exception {
    for (String internal :
        new String[] {
          "127.0.0.1",
          "10.1.2.3",
          "172.16.0.1",
          "192.168.1.1",
          "169.254.169.254",
          "0.0.0.0",
          "100.64.0.1",
          "::1",
          "fd00::1",
          "fe80::1",
          "224.0.0.1"
        }) {
      assertTrue(WebhookTargets.isInternal(InetAddress.getByName(internal)), internal);
    }
    for (String external : new String[] {"93.184.216.34", "8.8.8.8", "2606:4700::1111"}) {
      assertFalse(WebhookTargets.isInternal(InetAddress.getByName(external)), external);
    }
    assertNotNull(targets(true, false).refusedAddress(URI.create("https://127.0.0.1/x")));
    assertNull(targets(true, true).refusedAddress(URI.create("https://127.0.0.1/x")));
  }
}
