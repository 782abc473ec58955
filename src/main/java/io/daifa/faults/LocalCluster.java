package io.daifa.faults;

import com.typesafe.config.Config;
import io.daifa.app.DaifaConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code ./daifa cluster [--routers N]}: a cluster of routers on this machine, as the cluster test
 * runs it — one Cassandra node and N router processes joined by one seed-node list — printing where
 * each node is. Ports follow the configured ones: HTTP 8080, 8081, …; remoting 25520, 25521, …; the
 * data (Cassandra's and each router's log) under {@code <data-dir>/cluster}, kept for the next
 * start. Ctrl-C stops the routers (each leaving the cluster), then Cassandra. It lives beside the
 * fault suite because it runs the same process launchers ({@link CassandraNode}, {@link
 * RouterProcess}).
 */
public final class LocalCluster {

  static final String USAGE =
      """
      usage: ./daifa cluster [--routers N]
        Starts one Cassandra and N routers (default 3) joined as one cluster on this
        machine: HTTP on 8080, 8081, ...; logs and data under ./data/cluster.
      """;

  private LocalCluster() {}

  public static int run(String[] args, PrintStream out) throws Exception {
    int routers = 3;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--routers") && i + 1 < args.length) {
        routers = Integer.parseInt(args[++i]);
      } else {
        out.print(USAGE);
        return args[i].equals("--help") ? 0 : 2;
      }
    }
    if (routers < 1 || routers > 9) {
      out.println("[cluster] --routers: 1 to 9 on one machine");
      return 2;
    }
    Config config = DaifaConfig.load(Map.of());
    Path dataDir =
        Path.of(config.getString("daifa.data-dir")).toAbsolutePath().normalize().resolve("cluster");
    Files.createDirectories(dataDir);
    int httpPort = config.getInt("daifa.http.port");
    int remotePort = config.getInt("pekko.remote.artery.canonical.port");
    CassandraNode cassandra =
        new CassandraNode(
            dataDir.resolve("cassandra"),
            config.getInt("daifa.cassandra.embedded.native-port"),
            config.getInt("daifa.cassandra.embedded.storage-port"),
            line -> out.println("[cluster] " + line));
    List<RouterProcess> nodes = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("[cluster] stopping the routers, then Cassandra");
                  for (RouterProcess node : nodes) {
                    try {
                      node.stop();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  cassandra.close();
                  stopped.countDown();
                },
                "cluster-stop"));
    cassandra.start();
    String seeds =
        java.util.stream.IntStream.range(0, routers)
            .mapToObj(i -> "127.0.0.1:" + (remotePort + i))
            .collect(Collectors.joining(","));
    for (int i = 0; i < routers; i++) {
      RouterProcess node =
          new RouterProcess(
                  dataDir,
                  cassandra.contactPoint(),
                  httpPort + i,
                  remotePort + i,
                  "1g",
                  config.getDouble("daifa.ingest.shop-max-rate"))
              .inCluster("router" + (i + 1), Map.of("DAIFA_SEED_NODES", seeds), List.of());
      nodes.add(node);
      node.start();
    }
    for (RouterProcess node : nodes) {
      node.awaitReady(new FaultClient(node.baseUrl()), FaultContext.READY_WITHIN);
      out.println(
          "[cluster] router ready: HTTP "
              + node.baseUrl()
              + ", cluster node 127.0.0.1:"
              + node.remotePort()
              + ", log "
              + node.lastLog());
    }
    out.println("[cluster] Cassandra at " + cassandra.contactPoint() + ", seed nodes " + seeds);
    out.println("[cluster] admin key:  " + RouterProcess.ADMIN_KEY);
    out.println("[cluster] ingest key: " + RouterProcess.INGEST_KEY);
    out.println("[cluster] kill -9 a router's pid or Ctrl-C here to stop them all.");
    stopped.await();
    return 0;
  }
}
