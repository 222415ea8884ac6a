package dev.tasker.orchestrator.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something the background consumers or other threads bring about. */
public final class Await {

    private Await() {
    }

    /**
     * Checks {@code condition} every 20 ms until it holds.
     *
     * @param within how long to wait at most
     * @param what   what is awaited, for the failure message
     * @throws AssertionError when it does not hold within {@code within}, or the wait is interrupted
     */
    public static void until(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + within.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
