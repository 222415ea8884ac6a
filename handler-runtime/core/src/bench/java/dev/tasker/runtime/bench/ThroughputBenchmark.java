package dev.tasker.runtime.bench;

import dev.tasker.runtime.ExecutionOutcome;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Invocations per second of one shared runtime (16 guest threads) with 1, 2 and 16 callers blocking
 * in {@code execute}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ThroughputBenchmark extends InvocationBenchmarkState {

    @Param({"compiled", "build_time_compiled"})
    public String mode;

    public ThroughputBenchmark() {
        super(16);
    }

    @Override
    protected String mode() {
        return mode;
    }

    @Benchmark
    @Threads(1)
    public ExecutionOutcome callers01() {
        return invokeOnce();
    }

    @Benchmark
    @Threads(2)
    public ExecutionOutcome callers02() {
        return invokeOnce();
    }

    @Benchmark
    @Threads(16)
    public ExecutionOutcome callers16() {
        return invokeOnce();
    }
}
