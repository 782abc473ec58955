package io.daifa.http;

import io.daifa.account.AccountRole;

/** Who is calling: a platform role, or the holder of one account. */
public record Principal(Role role, String accountId) {

  public enum Role {
    ADMIN,
    INGEST,
    SHOP,
    SUPPLIER,
    AGENCY
  }

  static Principal of(AccountRole role, String accountId) {
    return new Principal(Role.valueOf(role.name()), accountId);
  }

  public boolean is(Role expected) {
    return role == expected;
  }

  /** True when this principal is the account {@code accountId} of role {@code expected}. */
  public boolean owns(Role expected, String accountId) {
    return role == expected && this.accountId.equals(accountId);
  }
}
