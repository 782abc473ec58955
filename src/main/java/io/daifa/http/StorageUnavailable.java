package io.daifa.http;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * Failures that mean "storage is down or slow right now", which a caller should retry: a read that
 * meets one answers 503 with Retry-After, like a write. A failure not listed here (a malformed
 * query, say) is a bug, and stays a 500.
 */
final class StorageUnavailable {

  private StorageUnavailable() {}

  static boolean is(Throwable failure) {
    return failure instanceof DriverTimeoutException
        || failure instanceof NoNodeAvailableException
        || failure instanceof AllNodesFailedException
        || failure instanceof BusyConnectionException
        || failure instanceof ClosedConnectionException
        // Read and write timeouts, too few replicas alive, an overloaded or bootstrapping node.
        || failure instanceof QueryExecutionException
        || failure instanceof CircuitBreakerOpenException
        || failure instanceof TimeoutException;
  }
}
