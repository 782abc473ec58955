import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a journal-shaped row costs the embedded Cassandra, by how the rows are packed into requests:
 * one row per request (a shop's batch event today), or 10 or 25 rows of different partitions in
 * one unlogged batch (what merging many shops' journal writes into one request would send). Each
 * shape writes 500-byte rows over 100 partitions for the given seconds, with about 128 rows in
 * flight, twice; it prints rows per second and Cassandra's CPU per row (from /proc).
 *
 * <p>Run against the Cassandra of a running {@code ./daifa serve} (native port 9042 by default):
 *
 * <pre>
 * java -cp "$(cat target/router-classpath.txt)" bench/outside/WriteShapes.java \
 *     9042 "$(pgrep -f CassandraDaemon)" 20
 * </pre>
 */
public class WriteShapes {

  private static final int ROWS_IN_FLIGHT = 128;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long cassandraPid = Long.parseLong(args[1]);
    long seconds = Long.parseLong(args[2]);
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", port))
            .withLocalDatacenter("datacenter1")
            .build()) {
      session.execute(
          "CREATE KEYSPACE IF NOT EXISTS write_shapes WITH replication ="
              + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute(
          "CREATE TABLE IF NOT EXISTS write_shapes.rows (pid text, pnr bigint, seq bigint,"
              + " payload blob, PRIMARY KEY ((pid, pnr), seq))");
      PreparedStatement insert =
          session.prepare(
              "INSERT INTO write_shapes.rows (pid, pnr, seq, payload) VALUES (?, 0, ?, ?)");
      ByteBuffer payload = ByteBuffer.wrap(new byte[500]);
      long seq = 0;
      for (int round = 1; round <= 2; round++) {
        for (int rowsPerRequest : new int[] {1, 10, 25}) {
          int requestsInFlight = Math.max(1, ROWS_IN_FLIGHT / rowsPerRequest);
          Semaphore slots = new Semaphore(requestsInFlight);
          AtomicLong rows = new AtomicLong();
          AtomicLong failures = new AtomicLong();
          long ticksBefore = cpuTicks(cassandraPid);
          long start = System.nanoTime();
          long end = start + seconds * 1_000_000_000L;
          while (System.nanoTime() < end) {
            slots.acquireUninterruptibly();
            Statement<?> request;
            if (rowsPerRequest == 1) {
              request = insert.bind("shop-" + (seq % 100), seq++, payload);
            } else {
              BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
              for (int i = 0; i < rowsPerRequest; i++, seq++) {
                batch.addStatement(insert.bind("shop-" + (seq % 100), seq, payload));
              }
              request = batch.build();
            }
            int counted = rowsPerRequest;
            session
                .executeAsync(request)
                .whenComplete(
                    (ok, failure) -> {
                      if (failure == null) {
                        rows.addAndGet(counted);
                      } else {
                        failures.incrementAndGet();
                      }
                      slots.release();
                    });
          }
          slots.acquireUninterruptibly(requestsInFlight);
          double elapsed = (System.nanoTime() - start) / 1e9;
          // /proc counts CPU in ticks of 10 ms.
          double microsPerRow = (cpuTicks(cassandraPid) - ticksBefore) * 1e4 / rows.get();
          System.out.printf(
              "round %d, %2d rows a request: %,7.0f rows/s, Cassandra %6.1f µs of CPU per row,"
                  + " %d failed%n",
              round, rowsPerRequest, rows.get() / elapsed, microsPerRow, failures.get());
        }
      }
    }
  }

  private static long cpuTicks(long pid) throws Exception {
    String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
    return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
  }
}
