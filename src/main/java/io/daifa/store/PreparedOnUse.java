package io.daifa.store;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A CQL statement prepared when first used, and prepared again after a preparation failed: a plugin
 * created while Cassandra is down works once it is back. Two callers racing may both prepare it;
 * Cassandra answers both alike.
 */
final class PreparedOnUse {

  private final Supplier<CompletionStage<CqlSession>> session;
  private final String cql;
  private volatile CompletableFuture<PreparedStatement> prepared;

  PreparedOnUse(Supplier<CompletionStage<CqlSession>> session, String cql) {
    this.session = session;
    this.cql = cql;
  }

  CompletionStage<PreparedStatement> get() {
    CompletableFuture<PreparedStatement> current = prepared;
    if (current == null || current.isCompletedExceptionally()) {
      current = session.get().thenCompose(s -> s.prepareAsync(cql)).toCompletableFuture();
      prepared = current;
    }
    return current;
  }
}
