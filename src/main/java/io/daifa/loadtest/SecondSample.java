package io.daifa.loadtest;

/** One second of a load test: what was stored and how long it took (milliseconds). */
record SecondSample(
    int second,
    boolean holding,
    double targetRate,
    long stored,
    long errors,
    long retries,
    double p50Ms,
    double p99Ms,
    double maxMs) {}
