package io.daifa.app;

import com.typesafe.config.Config;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin and ingest keys: from the configuration, or, in the local profile only, generated at
 * start (and then printed once by {@code serve}). The production profile refuses to start without
 * both.
 */
public record RoleKeys(String adminKey, String ingestKey, boolean generated) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MIN_LENGTH = 24;

  public static RoleKeys from(Config daifa) {
    String admin = daifa.getString("http.admin-key");
    String ingest = daifa.getString("http.ingest-key");
    boolean production = daifa.getString("profile").equals("production");
    if (admin.isEmpty() || ingest.isEmpty()) {
      if (production) {
        throw new IllegalStateException(
            "the production profile needs DAIFA_ADMIN_KEY and DAIFA_INGEST_KEY");
      }
      return new RoleKeys(
          admin.isEmpty() ? generate("adm") : admin,
          ingest.isEmpty() ? generate("ing") : ingest,
          true);
    }
    if (admin.length() < MIN_LENGTH || ingest.length() < MIN_LENGTH || admin.equals(ingest)) {
      throw new IllegalStateException(
          "DAIFA_ADMIN_KEY and DAIFA_INGEST_KEY must differ and be at least "
              + MIN_LENGTH
              + " characters");
    }
    return new RoleKeys(admin, ingest, false);
  }

  private static String generate(String prefix) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }
}
