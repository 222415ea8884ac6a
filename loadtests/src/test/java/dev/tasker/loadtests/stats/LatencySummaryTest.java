package dev.tasker.loadtests.stats;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencySummaryTest {

    private static final long MS = 1_000_000L;

    @Test
    void nearestRankPercentilesOfOneToHundredMilliseconds() {
        // shuffled input: 1..100 ms in reverse order
        long[] samples = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray();

        LatencySummary summary = LatencySummary.ofNanos(samples);

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50Ms()).isEqualTo(50.0);
        assertThat(summary.p95Ms()).isEqualTo(95.0);
        assertThat(summary.p99Ms()).isEqualTo(99.0);
        assertThat(summary.maxMs()).isEqualTo(100.0);
        assertThat(summary.meanMs()).isEqualTo(50.5);
        assertThat(samples[0]).as("input left unsorted").isEqualTo(100 * MS);
    }

    @Test
    void percentilesAreObservedSamplesForSmallSets() {
        LatencySummary summary = LatencySummary.ofNanos(new long[] {3 * MS, 1 * MS, 2 * MS});

        assertThat(summary.p50Ms()).isEqualTo(2.0);
        assertThat(summary.p95Ms()).isEqualTo(3.0);
        assertThat(summary.p99Ms()).isEqualTo(3.0);
    }

    @Test
    void singleSampleIsEveryPercentile() {
        LatencySummary summary = LatencySummary.ofNanos(new long[] {1_500_000L});

        assertThat(summary.p50Ms()).isEqualTo(1.5);
        assertThat(summary.maxMs()).isEqualTo(1.5);
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> LatencySummary.ofNanos(new long[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no latency samples");
    }
}
