package dev.tasker.loadtests.stats;

import java.util.Arrays;

/**
 * Distribution of a set of latency samples, in milliseconds.
 *
 * <p>Percentiles use the nearest-rank method (the smallest sample such that at least p% of the samples are less than
 * or equal to it; Hyndman and Fan 1996, definition 1), so every reported value is an observed sample.
 *
 * @param count  number of samples
 * @param p50Ms  median, ms
 * @param p95Ms  95th percentile, ms
 * @param p99Ms  99th percentile, ms
 * @param maxMs  largest sample, ms
 * @param meanMs arithmetic mean, ms
 */
public record LatencySummary(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

    private static final double NANOS_PER_MS = 1_000_000.0;

    /**
     * Summarises samples given in nanoseconds.
     *
     * @param nanos latency samples in ns (not modified)
     * @return the summary in ms
     * @throws IllegalArgumentException when there are no samples
     */
    public static LatencySummary ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no latency samples to summarise");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new LatencySummary(sorted.length,
                nearestRank(sorted, 50) / NANOS_PER_MS,
                nearestRank(sorted, 95) / NANOS_PER_MS,
                nearestRank(sorted, 99) / NANOS_PER_MS,
                sorted[sorted.length - 1] / NANOS_PER_MS,
                sum / sorted.length / NANOS_PER_MS);
    }

    /**
     * @param sorted  samples in ascending order, not empty
     * @param percent 0 (exclusive) to 100 (inclusive)
     * @return the nearest-rank percentile: the sample at rank ceil(percent/100 * n), 1-based
     */
    static long nearestRank(long[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
