package io.daifa.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.daifa.http.Json;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hostile callers: requests with random well-shaped account keys, and a supplier accepting made-up
 * invite tokens, many at a time, while a legitimate shop goes on reading its suppliers. Nothing may
 * answer 5xx; the legitimate p99 and the router's heap must stay about as they were, and a restart
 * afterwards must not be slower (no entity was started and remembered for them).
 */
final class AbuseFault implements Fault {

  private static final int CALLERS = 16;
  private static final int LEGIT_REQUESTS = 400;

  @Override
  public String name() {
    return "abuse";
  }

  @Override
  public List<FaultRow> run(FaultContext ctx) throws Exception {
    FaultOptions o = ctx.options;
    JsonNode shop =
        Json.read(
            ctx.client.post("/v1/shops", RouterProcess.ADMIN_KEY, "{\"name\":\"legit\"}").body(),
            JsonNode.class);
    JsonNode supplier =
        Json.read(
            ctx.client
                .post(
                    "/v1/suppliers",
                    RouterProcess.ADMIN_KEY,
                    "{\"name\":\"abused\",\"identity\":\"SUPPLIER\"}")
                .body(),
            JsonNode.class);
    String legitPath = "/v1/shops/" + shop.path("shopId").asText() + "/suppliers";
    String shopKey = shop.path("apiKey").asText();
    Duration restartBefore = ctx.restartRouter(false);
    double p99Before = legitP99(ctx, legitPath, shopKey);
    long heapBefore = ctx.client.heapUsedMb();
    CassandraNode.Census journalsBefore = ctx.cassandra.census();

    ctx.say("abuse: " + o.abuseKeys() + " random keys, " + o.abuseInvites() + " made-up invites");
    Map<Integer, LongAdder> answers = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicBoolean abusing = new AtomicBoolean(true);
    List<Double> during = new ArrayList<>();
    Thread legit =
        new Thread(
            () -> {
              while (abusing.get()) {
                during.add(ctx.client.get(legitPath, shopKey).millis());
              }
            },
            "abuse-legit");
    legit.start();
    SecureRandom random = new SecureRandom();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    List<Future<?>> sent = new ArrayList<>();
    for (int i = 0; i < o.abuseKeys(); i++) {
      String shopId = "shp_" + letters(random, 20);
      String key = shopId + "." + letters(random, 43);
      sent.add(
          callers.submit(
              () -> count(answers, ctx.client.get("/v1/shops/" + shopId + "/suppliers", key))));
    }
    String supplierPath = "/v1/suppliers/" + supplier.path("supplierId").asText() + "/invites/";
    String supplierKey = supplier.path("apiKey").asText();
    for (int i = 0; i < o.abuseInvites(); i++) {
      String token = letters(random, 32);
      sent.add(
          callers.submit(
              () ->
                  count(
                      answers,
                      ctx.client.post(supplierPath + token + "/accept", supplierKey, null))));
    }
    for (Future<?> request : sent) {
      request.get();
    }
    callers.shutdown();
    abusing.set(false);
    legit.join();
    double p99During = SteadyLoad.quantile(during, 0.99);
    long heapAfter = ctx.client.heapUsedMb();
    CassandraNode.Census journalsAfter = ctx.cassandra.census();
    Duration restartAfter = ctx.restartRouter(false);

    List<String> failures = new ArrayList<>();
    long serverErrors =
        answers.entrySet().stream()
            .filter(e -> e.getKey() >= 500 || e.getKey() == 0)
            .mapToLong(e -> e.getValue().sum())
            .sum();
    if (serverErrors > 0) {
      failures.add(serverErrors + " answers 5xx or no answer: " + answers);
    }
    if (!journalsAfter.equals(journalsBefore)) {
      failures.add("entities started for the abuse: " + journalsBefore + " → " + journalsAfter);
    }
    if (restartAfter.toMillis() > restartBefore.toMillis() * 3 / 2 + 3_000) {
      failures.add("the restart afterwards took " + FaultContext.seconds(restartAfter));
    }
    if (!o.quick() && p99During > 2 * p99Before + 20) {
      failures.add("legitimate p99 %.0f ms, was %.0f ms".formatted(p99During, p99Before));
    }
    return List.of(
        new FaultRow(
            "abuse: random keys, made-up invites",
            o.abuseKeys() + o.abuseInvites(),
            0,
            "-",
            0,
            0,
            serverErrors,
            answers.getOrDefault(503, new LongAdder()).sum(),
            answers.getOrDefault(429, new LongAdder()).sum(),
            "restart "
                + FaultContext.seconds(restartBefore)
                + " before, "
                + FaultContext.seconds(restartAfter)
                + " after",
            "answers %s; legit p99 %.0f → %.0f ms; heap %d → %d MiB; journals %d → %d"
                .formatted(
                    summary(answers),
                    p99Before,
                    p99During,
                    heapBefore,
                    heapAfter,
                    journalsBefore.persistenceIds(),
                    journalsAfter.persistenceIds()),
            failures));
  }

  private static double legitP99(FaultContext ctx, String path, String key) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < LEGIT_REQUESTS; i++) {
      millis.add(ctx.client.get(path, key).millis());
    }
    return SteadyLoad.quantile(millis, 0.99);
  }

  private static void count(Map<Integer, LongAdder> answers, FaultClient.Answer answer) {
    answers.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
  }

  private static String summary(Map<Integer, LongAdder> answers) {
    StringBuilder s = new StringBuilder();
    new java.util.TreeMap<>(answers)
        .forEach(
            (status, n) ->
                s.append(s.isEmpty() ? "" : ", ").append(n.sum()).append("×").append(status));
    return s.toString();
  }

  private static String letters(SecureRandom random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
