package dev.tasker.lambda.emulator;

/**
 * Timestamps ({@link System#nanoTime()}) of one execution environment's cold start, taken by the
 * emulator: just before the runtime process is started, when the runtime first asked for an
 * invocation (its init phase is over), and when it posted its first response or error.
 * {@code initCompleteNanos} and {@code firstResultNanos} are 0 until they happen.
 */
public record EnvironmentStart(long processStartNanos, long initCompleteNanos, long firstResultNanos) {

    /** Init phase duration in ms (process start to first {@code /invocation/next}), or -1 if not over. */
    public double initMillis() {
        return initCompleteNanos == 0 ? -1 : (initCompleteNanos - processStartNanos) / 1e6;
    }

    /** Process start to first result, in ms, or -1 if no result yet. */
    public double firstResultMillis() {
        return firstResultNanos == 0 ? -1 : (firstResultNanos - processStartNanos) / 1e6;
    }
}
