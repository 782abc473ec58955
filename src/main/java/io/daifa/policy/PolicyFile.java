package io.daifa.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** The policy versions shipped in {@code conf/policies.conf} (or the file configured). */
public record PolicyFile(
    PolicyVersions<DepositPolicy> deposits, PolicyVersions<IncentivePolicy> incentives) {

  public static PolicyFile load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("the policy file " + file + " does not exist");
    }
    return parse(ConfigFactory.parseFile(file.toFile()).resolve());
  }

  static PolicyFile parse(Config root) {
    Config policies = root.getConfig("daifa.policies");
    List<DepositPolicy> deposits = new ArrayList<>();
    for (Config version : policies.getConfigList("deposit-tiers")) {
      List<DepositTier> tiers = new ArrayList<>();
      for (Config tier : version.getConfigList("tiers")) {
        tiers.add(
            new DepositTier(Fen.of(tier.getLong("from-gmv")), Fen.of(tier.getLong("top-up"))));
      }
      deposits.add(
          new DepositPolicy(
              YearMonth.parse(version.getString("effective-from")),
              Fen.of(version.getLong("base")),
              tiers));
    }
    List<IncentivePolicy> incentives = new ArrayList<>();
    for (Config version : policies.getConfigList("incentives")) {
      incentives.add(
          new IncentivePolicy(
              YearMonth.parse(version.getString("effective-from")),
              BasisPoints.of(version.getInt("rate-floor-bp")),
              BasisPoints.of(version.getInt("points-rate-bp")),
              Fen.of(version.getLong("quarterly-cash-cap")),
              Points.of(version.getLong("quarterly-points-cap"))));
    }
    return new PolicyFile(
        PolicyVersions.of(deposits, DepositPolicy::effectiveFrom),
        PolicyVersions.of(incentives, IncentivePolicy::effectiveFrom));
  }
}
