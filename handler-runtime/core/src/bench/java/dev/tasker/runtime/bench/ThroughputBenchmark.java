package dev.tasker.runtime.bench;

import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Invocations per second of one shared runtime (16 guest threads) with 1, 2 and 16 callers blocking
 * in {@code execute}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ThroughputBenchmark {

    @Param({"compiled", "build_time_compiled"})
    public String mode;

    private HandlerRuntime runtime;
    private LoadedHandler handler;

    @Setup
    public void setUp() throws Exception {
        runtime = BenchHandlers.runtime(mode, 16);
        handler = BenchHandlers.load(runtime, mode);
    }

    @TearDown
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    @Threads(1)
    public ExecutionOutcome callers01() {
        return runtime.execute(handler, BenchHandlers.INVOCATION, null);
    }

    @Benchmark
    @Threads(2)
    public ExecutionOutcome callers02() {
        return runtime.execute(handler, BenchHandlers.INVOCATION, null);
    }

    @Benchmark
    @Threads(16)
    public ExecutionOutcome callers16() {
        return runtime.execute(handler, BenchHandlers.INVOCATION, null);
    }
}
