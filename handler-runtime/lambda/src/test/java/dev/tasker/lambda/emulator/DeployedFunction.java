package dev.tasker.lambda.emulator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A function deployed to the emulator. Invocations are serialized (one execution environment, one
 * invocation at a time, like a function with reserved concurrency 1); the environment is created on the
 * first invocation (cold start) and re-created after it dies (timeout, init error, process exit).
 */
public final class DeployedFunction implements AutoCloseable {

    private final FunctionSpec spec;
    private final String arn;
    private final List<EnvironmentStart> coldStarts = new ArrayList<>();
    private ExecutionEnvironment environment;

    DeployedFunction(FunctionSpec spec, String arn) {
        this.spec = spec;
        this.arn = arn;
    }

    /**
     * Runs one invocation, starting an execution environment first when none is alive.
     *
     * @param event the invocation payload
     * @return the outcome: the runtime's response, or a function error (runtime error, init failure,
     *     timeout, process exit)
     * @throws IOException when the runtime process cannot be started
     */
    public synchronized InvocationOutcome invoke(byte[] event) throws IOException {
        if (environment == null || !environment.isAlive()) {
            if (environment != null) {
                coldStarts.set(coldStarts.size() - 1, environment.startTimes());
                environment.close();
            }
            environment = ExecutionEnvironment.start(spec, arn);
            coldStarts.add(environment.startTimes());
        }
        try {
            return environment.submit(event).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for function " + spec.name(), e);
        } catch (ExecutionException e) {
            throw new IOException("invocation of " + spec.name() + " failed in the emulator", e.getCause());
        }
    }

    /** Cold starts so far, oldest first (timestamps of the current environment are up to date). */
    public synchronized List<EnvironmentStart> coldStarts() {
        var starts = new ArrayList<>(coldStarts);
        if (environment != null) {
            starts.set(starts.size() - 1, environment.startTimes());
        }
        return starts;
    }

    /** Process id of the current runtime process, or -1 when no environment is alive. */
    public synchronized long runtimePid() {
        return environment != null && environment.isAlive() ? environment.pid() : -1;
    }

    /**
     * CPU time (user + system) the current runtime process has used so far, or zero when no environment
     * is alive or the OS does not report it.
     */
    public synchronized Duration runtimeCpuTime() {
        return environment != null && environment.isAlive() ? environment.cpuTime() : Duration.ZERO;
    }

    /** Stops the execution environment (kills the runtime process); the next invocation cold-starts. */
    @Override
    public synchronized void close() {
        if (environment != null) {
            coldStarts.set(coldStarts.size() - 1, environment.startTimes());
            environment.close();
            environment = null;
        }
    }
}
