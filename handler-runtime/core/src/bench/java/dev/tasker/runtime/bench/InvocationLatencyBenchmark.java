package dev.tasker.runtime.bench;

import dev.tasker.runtime.ExecutionOutcome;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one {@code HandlerRuntime.execute} (fresh instance, WASI set-up, stdin/stdout, result
 * parsing and host metadata) per execution mode, sampled to give percentiles. One caller.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class InvocationLatencyBenchmark extends InvocationBenchmarkState {

    @Param({"compiled", "build_time_compiled", "interpreted"})
    public String mode;

    public InvocationLatencyBenchmark() {
        super(1);
    }

    @Override
    protected String mode() {
        return mode;
    }

    @Benchmark
    public ExecutionOutcome invoke() {
        return invokeOnce();
    }
}
