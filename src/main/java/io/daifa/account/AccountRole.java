package io.daifa.account;

/** Who holds an account key, and the prefix of that kind of account's ID. */
public enum AccountRole {
  SHOP("shp_"),
  SUPPLIER("sup_"),
  AGENCY("agy_");

  private final String idPrefix;

  AccountRole(String idPrefix) {
    this.idPrefix = idPrefix;
  }

  public String idPrefix() {
    return idPrefix;
  }

  /** The role an account ID belongs to, or null when it is no account ID. */
  public static AccountRole ofId(String accountId) {
    for (AccountRole role : values()) {
      if (accountId != null && accountId.startsWith(role.idPrefix)) {
        return role;
      }
    }
    return null;
  }
}
