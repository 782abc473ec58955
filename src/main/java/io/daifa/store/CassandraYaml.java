package io.daifa.store;

import java.nio.file.Path;

/** The minimal cassandra.yaml and logback.xml the embedded node runs with. */
final class CassandraYaml {

  private CassandraYaml() {}

  /** The group commit's window, refused here rather than by Cassandra when out of range. */
  private static long groupWindowMillis(CassandraSettings.Embedded s) {
    long millis = s.commitlogSyncGroupWindow().toMillis();
    if (millis < 1 || millis > 1_000) {
      throw new IllegalArgumentException(
          "commitlog-sync-group-window must be 1 ms to 1 s: " + s.commitlogSyncGroupWindow());
    }
    return millis;
  }

  static String render(CassandraSettings.Embedded s) {
    Path home = s.dataDir();
    String sync =
        switch (s.commitlogSync()) {
          case "group" ->
              "commitlog_sync: group\ncommitlog_sync_group_window: "
                  + groupWindowMillis(s)
                  + "ms\n";
          case "batch" -> "commitlog_sync: batch\n";
          case "periodic" -> "commitlog_sync: periodic\ncommitlog_sync_period: 10000ms\n";
          default ->
              throw new IllegalArgumentException(
                  "commitlog-sync must be group, batch or periodic: " + s.commitlogSync());
        };
    String memtable =
        switch (s.memtable()) {
          case "skiplist" -> "SkipListMemtable";
          case "trie" -> "TrieMemtable";
          default ->
              throw new IllegalArgumentException(
                  "memtable must be skiplist or trie: " + s.memtable());
        };
    String commitlogAccess =
        switch (s.commitlogAccess()) {
          case "auto", "direct", "mmap", "legacy" -> s.commitlogAccess();
          default ->
              throw new IllegalArgumentException(
                  "commitlog-access must be auto, direct, mmap or legacy: " + s.commitlogAccess());
        };
    return """
        cluster_name: daifa
        num_tokens: 16
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        data_file_directories:
          - %1$s/data
        commitlog_directory: %1$s/commitlog
        commitlog_disk_access_mode: %8$s
        hints_directory: %1$s/hints
        saved_caches_directory: %1$s/saved_caches
        cdc_raw_directory: %1$s/cdc_raw
        %2$s\
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%3$s:%5$d"
        listen_address: %3$s
        rpc_address: %3$s
        native_transport_port: %4$d
        storage_port: %5$d
        start_native_transport: true
        endpoint_snitch: SimpleSnitch
        authenticator: AllowAllAuthenticator
        authorizer: AllowAllAuthorizer
        memtable_allocation_type: offheap_objects
        memtable:
          configurations:
            default:
              class_name: %7$s
        concurrent_reads: 16
        concurrent_writes: %6$d
        # The read side may pack the rows of several partitions into one request.
        unlogged_batch_across_partitions_warn_threshold: 1000
        # The read side writes a supplier's rows of a group as one single-partition batch of up to
        # 100 rows (about 10 KiB); the default 5 KiB warning would log every such batch.
        batch_size_warn_threshold: 64KiB
        batch_size_fail_threshold: 640KiB
        disk_failure_policy: stop
        commit_failure_policy: stop
        """
        .formatted(
            home,
            sync,
            s.host(),
            s.nativePort(),
            s.storagePort(),
            s.concurrentWrites(),
            memtable,
            commitlogAccess);
  }

  static String logback(Path logs) {
    return """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>%s/system.log</file>
            <encoder><pattern>%%-5level [%%thread] %%date{ISO8601} %%F:%%L - %%msg%%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="FILE"/></root>
        </configuration>
        """
        .formatted(logs);
  }
}
