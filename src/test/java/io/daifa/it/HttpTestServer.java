package io.daifa.it;

import io.daifa.app.DaifaConfig;
import io.daifa.app.DaifaNode;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * A real router bound on a free port, on the shared test Cassandra, with a clock that runs and can
 * be moved forward.
 */
final class HttpTestServer implements AutoCloseable {

  static final String ADMIN = "admin-key-for-the-integration-tests";
  static final String INGEST = "ingest-key-for-the-integration-tests";

  final ShiftedClock clock;
  final Map<String, Object> config;
  final DaifaNode node;
  final ApiClient api;

  HttpTestServer(String name) throws Exception {
    this(config(name), new ShiftedClock());
  }

  /** A router on the keyspace and with the settings of {@code config}: a restart, say. */
  HttpTestServer(Map<String, Object> config, ShiftedClock clock) throws Exception {
    this.config = config;
    this.clock = clock;
    node = DaifaNode.start(DaifaConfig.load(config), clock);
    api = new ApiClient("http://127.0.0.1:" + node.httpAddress().getPort());
  }

  /**
   * The client generated from {@code openapi.yaml} ({@code io.daifa.client}), speaking to this
   * router as the holder of {@code key}.
   */
  io.daifa.client.ApiClient client(String key) {
    return client("http://127.0.0.1:" + node.httpAddress().getPort(), key);
  }

  /** The generated client speaking to the router at {@code base} as the holder of {@code key}. */
  static io.daifa.client.ApiClient client(String base, String key) {
    HttpClient checked = new ContractCheckedHttpClient();
    io.daifa.client.ApiClient client =
        new io.daifa.client.ApiClient(
            HttpClient.newBuilder(), io.daifa.client.ApiClient.createDefaultObjectMapper(), base) {
          @Override
          public HttpClient getHttpClient() {
            return checked;
          }
        };
    if (key != null) {
      client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    }
    return client;
  }

  /** The settings of a test router on a fresh keyspace, for a test to add to. */
  static Map<String, Object> config(String name) {
    Map<String, Object> config = TestCassandra.freshKeyspace(name);
    config.put("daifa.http.port", 0);
    config.put("daifa.http.admin-key", ADMIN);
    config.put("daifa.http.ingest-key", INGEST);
    config.put("daifa.entities.redelivery-interval", "300ms");
    return config;
  }

  @Override
  public void close() {
    node.close();
  }
}
