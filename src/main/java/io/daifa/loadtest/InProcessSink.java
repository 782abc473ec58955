package io.daifa.loadtest;

import io.daifa.common.Outcome;
import io.daifa.http.Entities;
import io.daifa.http.Problem;
import io.daifa.order.Order;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Orders straight into the router's ingest stage (the per-shop batcher), in this JVM. */
final class InProcessSink implements OrderSink {

  /** As long as a streamed order may wait: behind its shop's batches, not a single request. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final Entities entities;

  InProcessSink(Entities entities) {
    this.entities = entities;
  }

  @Override
  public CompletionStage<SendResult> send(Order order) {
    return entities
        .ingest(order, PATIENCE, true)
        .handle(
            (outcome, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (cause instanceof Problem.ProblemException p
                    && SendResult.retryable(p.problem().code())) {
                  return SendResult.retry(p.getMessage());
                }
                return SendResult.error(cause.toString());
              }
              if (outcome instanceof Outcome.Refused<?> refused) {
                return SendResult.retryable(refused.rejection().code().name())
                    ? SendResult.retry(refused.rejection().detail())
                    : SendResult.error(refused.rejection().toString());
              }
              return SendResult.STORED;
            });
  }

  @Override
  public void close() {}
}
