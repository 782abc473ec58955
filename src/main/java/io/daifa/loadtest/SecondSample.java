package io.daifa.loadtest;

/**
 * One second of a load test: what was stored and how long it took (milliseconds), and the heap in
 * use at its end (to see memory stay flat under back-pressure). {@code phase} is {@code ramp},
 * {@code hold}, or {@code drain} (the wait for the last answers). {@code readLagSeconds} and {@code
 * consumerLag} (Kafka records not yet read by the router) are -1 where not measured.
 */
record SecondSample(
    int second,
    String phase,
    double targetRate,
    long stored,
    long errors,
    long retries,
    double p50Ms,
    double p99Ms,
    double maxMs,
    long heapUsedMb,
    double readLagSeconds,
    long consumerLag) {}
