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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one {@code HandlerRuntime.execute} (fresh instance, WASI set-up, stdin/stdout, result
 * parsing and host metadata) per execution mode, sampled to give percentiles. One caller.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class InvocationLatencyBenchmark {

    @Param({"compiled", "build_time_compiled", "interpreted"})
    public String mode;

    private HandlerRuntime runtime;
    private LoadedHandler handler;

    @Setup
    public void setUp() throws Exception {
        runtime = BenchHandlers.runtime(mode, 1);
        handler = BenchHandlers.load(runtime, mode);
    }

    @TearDown
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    public ExecutionOutcome invoke() {
        return runtime.execute(handler, BenchHandlers.INVOCATION, null);
    }
}
