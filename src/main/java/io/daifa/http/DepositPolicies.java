package io.daifa.http;

import io.daifa.policy.DepositPolicy;
import io.daifa.policy.DepositPolicyEntity;
import io.daifa.policy.PolicyVersions;
import java.util.concurrent.CompletionStage;

/** The deposit tier versions in force: the policy file's and those added through the API. */
public final class DepositPolicies {

  private final Entities entities;
  private final PolicyVersions<DepositPolicy> fromFile;

  public DepositPolicies(Entities entities, PolicyVersions<DepositPolicy> fromFile) {
    this.entities = entities;
    this.fromFile = fromFile;
  }

  PolicyVersions<DepositPolicy> fromFile() {
    return fromFile;
  }

  public CompletionStage<PolicyVersions<DepositPolicy>> versions() {
    return entities
        .<DepositPolicyEntity.State>depositPolicies(DepositPolicyEntity.GetVersions::new)
        .thenApply(
            state -> {
              PolicyVersions<DepositPolicy> all = fromFile;
              for (DepositPolicy added : state.added()) {
                all = all.with(added);
              }
              return all;
            });
  }
}
