package io.daifa.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which webhook URLs are accepted: absolute {@code https} (or {@code http} where allowed) URLs with
 * a host, no user information, no fragment, at most 2,048 characters; and at delivery, which
 * addresses they may resolve to. Loopback, private, link-local (cloud metadata), multicast and
 * unspecified addresses are refused unless allowed, so that a supplier's webhook cannot reach into
 * the platform's own network.
 */
public final class WebhookTargets {

  public static final int MAX_URL_LENGTH = 2048;

  private final WebhookSettings settings;

  public WebhookTargets(WebhookSettings settings) {
    this.settings = settings;
  }

  /** Why {@code url} is not acceptable, or null when it is. */
  public String problemWith(String url) {
    if (url.length() > MAX_URL_LENGTH) {
      return "must be at most " + MAX_URL_LENGTH + " characters";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && !settings.requireHttps())) {
      return settings.requireHttps() ? "must be an https URL" : "must be an http or https URL";
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      return "must name a host, without user information or fragment";
    }
    return null;
  }

  /**
   * Why the host of {@code uri} may not be posted to, or null when it may. Resolves the host
   * (blocking: call it off the actors' threads).
   */
  public String refusedAddress(URI uri) {
    if (settings.allowPrivateAddresses()) {
      return null;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        if (isInternal(address)) {
          return "refused: "
              + uri.getHost()
              + " resolves to the internal address "
              + address.getHostAddress();
        }
      }
      return null;
    } catch (UnknownHostException e) {
      return null; // the attempt itself fails and is retried: DNS may recover
    }
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    // 100.64.0.0/10, carrier-grade NAT, often a cluster's internal network
    return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
  }
}
