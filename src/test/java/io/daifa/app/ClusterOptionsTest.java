package io.daifa.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an operator names the cluster a router joins: seed nodes and {@code serve}'s options. */
class ClusterOptionsTest {

  @Test
  void seedNodesAreHostPortPairsOrFullAddressesOfTheDaifaSystem() {
    assertEquals(
        List.of(
            "pekko://daifa@10.0.0.5:25520",
            "pekko://daifa@127.0.0.1:25521",
            "pekko://daifa@router-2.daifa:25520"),
        SeedNodes.parse(
            " 10.0.0.5:25520, 25521 ,,pekko://daifa@router-2.daifa:25520", "127.0.0.1"));
    assertEquals(List.of(), SeedNodes.parse("", "127.0.0.1"));
  }

  @Test
  void aSeedNodeThatIsNotAnAddressIsNamedInTheError() {
    IllegalArgumentException noPort =
        assertThrows(IllegalArgumentException.class, () -> SeedNodes.parse("10.0.0.5:http", "h"));
    assertTrue(noPort.getMessage().contains("10.0.0.5:http"), noPort.getMessage());
    IllegalArgumentException otherSystem =
        assertThrows(
            IllegalArgumentException.class,
            () -> SeedNodes.parse("pekko://other@10.0.0.5:25520", "h"));
    assertTrue(otherSystem.getMessage().contains("daifa"), otherSystem.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SeedNodes.parse("h:70000", "h"));
  }

  @Test
  void seedNodesReachPekkoThroughTheConfiguration() {
    var config =
        DaifaConfig.load(Map.of("daifa.cluster.seed-nodes", "127.0.0.1:25520,127.0.0.1:25521"));
    assertEquals(
        List.of("pekko://daifa@127.0.0.1:25520", "pekko://daifa@127.0.0.1:25521"),
        config.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(List.of(), DaifaConfig.load(Map.of()).getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void clusterBootstrapWithConfigDiscoveryListsTheManagementEndpoints() {
    var config =
        DaifaConfig.load(
            Map.of(
                "daifa.cluster.bootstrap",
                "config",
                "daifa.cluster.bootstrap-endpoints",
                "127.0.0.1:7626, 127.0.0.1:7627"));
    assertTrue(ClusterBootstrapConfig.enabled(config));
    assertEquals(
        "config",
        config.getString(
            "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    var endpoints = config.getConfigList("pekko.discovery.config.services.daifa.endpoints");
    assertEquals(2, endpoints.size());
    assertEquals(7627, endpoints.get(1).getInt("port"));
    assertEquals("127.0.0.1", endpoints.get(1).getString("host"));

    var kubernetes = DaifaConfig.load(Map.of("daifa.cluster.bootstrap", "kubernetes-api"));
    assertEquals(
        "kubernetes-api",
        kubernetes.getString(
            "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    assertEquals(
        "app=%s", kubernetes.getString("pekko.discovery.kubernetes-api.pod-label-selector"));
  }

  @Test
  void clusterBootstrapIsRefusedBesideSeedNodesOrWithoutEndpoints() {
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DaifaConfig.load(
                    Map.of(
                        "daifa.cluster.bootstrap", "kubernetes-api",
                        "daifa.cluster.seed-nodes", "127.0.0.1:25520")));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> DaifaConfig.load(Map.of("daifa.cluster.bootstrap", "config")));
    assertThrows(
        IllegalArgumentException.class,
        () -> DaifaConfig.load(Map.of("daifa.cluster.bootstrap", "dns")));
    assertTrue(!ClusterBootstrapConfig.enabled(DaifaConfig.load(Map.of())));
  }

  @Test
  void serveOptionsJoinAndPortsBecomeConfiguration() {
    ServeOptions options =
        ServeOptions.parse(
            new String[] {
              "--join", "127.0.0.1:25520", "--http-port", "8081", "--remote-port", "0"
            });
    assertEquals(List.of("127.0.0.1:25520"), options.join());
    assertEquals(8081, options.overrides().get("daifa.http.port"));
    assertEquals(0, options.overrides().get("pekko.remote.artery.canonical.port"));
    assertThrows(IllegalArgumentException.class, () -> ServeOptions.parse(new String[] {"--join"}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServeOptions.parse(new String[] {"--http-port", "eighty"}));
    assertThrows(
        IllegalArgumentException.class, () -> ServeOptions.parse(new String[] {"--bogus", "1"}));
  }

  @Test
  void theProductionOverlayParsesAndAsksForAnExternalCassandra() {
    Config production =
        ConfigFactory.parseFile(new File("conf/production.conf"))
            .withFallback(DaifaConfig.load(Map.of()))
            .resolve();
    assertEquals("production", production.getString("daifa.profile"));
    assertEquals(
        "keep-majority",
        production.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertTrue(
        production.getString("daifa.cassandra.replication").contains("NetworkTopologyStrategy"));
  }

  @Test
  void aJoiningNodeMustBeToldWhereTheClustersCassandraIs() {
    ServeOptions join = ServeOptions.parse(new String[] {"--join", "127.0.0.1:25520"});
    // No contact points in this test's environment: the node would start a Cassandra of its own.
    if (System.getenv("DAIFA_CASSANDRA_CONTACT_POINTS") == null) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Main.serveConfig(join));
      assertTrue(e.getMessage().contains("DAIFA_CASSANDRA_CONTACT_POINTS"), e.getMessage());
    }
  }
}
