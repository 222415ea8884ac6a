package dev.tasker.runtime.bench;

import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the invocation benchmarks share: one runtime with a fixed number of guest threads, the
 * {@link BenchHandlers} handler loaded (and checked) in the execution mode the subclass's
 * {@code @Param} picks, and one invocation of it.
 */
@State(Scope.Benchmark)
public abstract class InvocationBenchmarkState {

    private final int guestThreads;
    private HandlerRuntime runtime;
    private LoadedHandler handler;

    /** @param guestThreads the runtime's maximum concurrent guest runs */
    protected InvocationBenchmarkState(int guestThreads) {
        this.guestThreads = guestThreads;
    }

    /** @return the execution mode's wire name ({@code compiled}, {@code build_time_compiled}, {@code interpreted}) */
    protected abstract String mode();

    /** Starts the runtime and loads the handler (JMH calls this once per trial). */
    @Setup
    public void setUp() throws Exception {
        runtime = BenchHandlers.runtime(mode(), guestThreads);
        handler = BenchHandlers.load(runtime, mode());
    }

    /** Closes the runtime. */
    @TearDown
    public void tearDown() {
        runtime.close();
    }

    /** @return the outcome of one {@code HandlerRuntime.execute} of the handler on {@link BenchHandlers#INVOCATION} */
    protected ExecutionOutcome invokeOnce() {
        return runtime.execute(handler, BenchHandlers.INVOCATION, null);
    }
}
