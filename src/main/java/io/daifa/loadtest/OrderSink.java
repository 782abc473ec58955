package io.daifa.loadtest;

import io.daifa.order.Order;
import java.util.concurrent.CompletionStage;

/** Where a load test sends its orders: the ingest stage, single POSTs, or NDJSON streams. */
interface OrderSink extends AutoCloseable {

  /** Sends one order; the stage always completes normally, a failure as an {@code ERROR}. */
  CompletionStage<SendResult> send(Order order);

  @Override
  void close();
}
