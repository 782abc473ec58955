package io.daifa.it;

import io.daifa.app.DaifaConfig;
import io.daifa.app.DaifaNode;
import java.util.Map;

/**
 * A real router bound on a free port, on the shared test Cassandra, with a clock that runs and can
 * be moved forward.
 */
final class HttpTestServer implements AutoCloseable {

  static final String ADMIN = "admin-key-for-the-integration-tests";
  static final String INGEST = "ingest-key-for-the-integration-tests";

  final ShiftedClock clock = new ShiftedClock();
  final DaifaNode node;
  final ApiClient api;

  HttpTestServer(String name) throws Exception {
    Map<String, Object> config = TestCassandra.freshKeyspace(name);
    config.put("daifa.http.port", 0);
    config.put("daifa.http.admin-key", ADMIN);
    config.put("daifa.http.ingest-key", INGEST);
    config.put("daifa.entities.redelivery-interval", "300ms");
    node = DaifaNode.start(DaifaConfig.load(config), clock);
    api = new ApiClient("http://127.0.0.1:" + node.httpAddress().getPort());
  }

  @Override
  public void close() {
    node.close();
  }
}
