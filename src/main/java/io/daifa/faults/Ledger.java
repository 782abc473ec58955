package io.daifa.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.http.Json;
import io.daifa.order.Order;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a scenario sent and what the router answered, order by order: the receipt of every
 * acknowledged order (a later answer for the same order must be the same receipt), and the count of
 * each kind of refusal. The audit later checks the receipts against what the router shows.
 */
final class Ledger {

  private static final int KEPT_PROBLEMS = 10;

  private final Map<String, Order> sent = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> receipts = new ConcurrentHashMap<>();
  final LongAdder unavailable = new LongAdder();
  final LongAdder limited = new LongAdder();
  final LongAdder serverErrors = new LongAdder();
  final LongAdder otherErrors = new LongAdder();
  final LongAdder withoutRetryAfter = new LongAdder();
  final LongAdder changedReceipts = new LongAdder();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile long lastAcceptedNanos;
  private volatile long slowestRefusalNanos;

  void sending(Order order) {
    sent.putIfAbsent(order.orderId(), order);
  }

  /** The answer to a single {@code POST /v1/orders}. */
  void answered(Order order, FaultClient.Answer answer) {
    int status = answer.status();
    if (status == 202) {
      accepted(order, answer.body());
      return;
    }
    if (status == 503 || status == 429) {
      refused(status, answer.nanos());
      if (!answer.retryAfter()) {
        withoutRetryAfter.increment();
        problem(order.orderId() + ": " + status + " without Retry-After");
      }
    } else if (status >= 500) {
      serverErrors.increment();
      problem(order.orderId() + ": " + status + " " + answer.body());
    } else if (status != 0) {
      otherErrors.increment();
      problem(order.orderId() + ": " + status + " " + answer.body());
    }
  }

  /** One result line of a stream. */
  void streamLine(Order order, String line) {
    if (!line.contains("\"error\"")) {
      accepted(order, line);
    } else if (line.contains("\"code\":\"UNAVAILABLE\"")) {
      refused(503, 0);
    } else if (line.contains("\"code\":\"RATE_LIMITED\"")) {
      refused(429, 0);
    } else if (line.contains("\"code\":\"INTERNAL\"")) {
      serverErrors.increment();
      problem(order.orderId() + ": " + line);
    } else {
      otherErrors.increment();
      problem(order.orderId() + ": " + line);
    }
  }

  /** A whole stream answered with an error status instead of result lines. */
  void streamRefused(int status) {
    if (status >= 500 && status != 503) {
      serverErrors.increment();
    }
    problem("a stream was answered " + status);
  }

  private void accepted(Order order, String body) {
    lastAcceptedNanos = System.nanoTime();
    JsonNode receipt = Json.read(body, JsonNode.class);
    JsonNode first = receipts.putIfAbsent(order.orderId(), receipt);
    if (first != null && !first.equals(receipt)) {
      changedReceipts.increment();
      problem(order.orderId() + ": receipt " + first + " then " + receipt);
    }
  }

  private void refused(int status, long nanos) {
    (status == 503 ? unavailable : limited).increment();
    if (nanos > slowestRefusalNanos) {
      slowestRefusalNanos = nanos;
    }
  }

  private void problem(String what) {
    if (problems.size() < KEPT_PROBLEMS) {
      problems.add(what);
    }
  }

  /** Orders sent that have no receipt yet: what a client sends again. */
  List<Order> unanswered() {
    List<Order> waiting = new ArrayList<>();
    for (Order order : sent.values()) {
      if (!receipts.containsKey(order.orderId())) {
        waiting.add(order);
      }
    }
    waiting.sort(java.util.Comparator.comparing(Order::orderId));
    return waiting;
  }

  int sentCount() {
    return sent.size();
  }

  int acknowledged() {
    return receipts.size();
  }

  Collection<Order> orders() {
    return sent.values();
  }

  Map<String, JsonNode> receipts() {
    return receipts;
  }

  long lastAcceptedNanos() {
    return lastAcceptedNanos;
  }

  double slowestRefusalSeconds() {
    return slowestRefusalNanos / 1e9;
  }

  List<String> problems() {
    return problems;
  }
}
