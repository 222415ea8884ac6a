package dev.tasker.orchestrator.template;

/**
 * Retry policy of a step ({@code retry} block).
 *
 * <p>{@code maxAttempts} counts all attempts, the first included (DESIGN §3). The delay before attempt
 * {@code n+1} after a retryable failure of attempt {@code n} is, for {@link Backoff#EXPONENTIAL},
 * {@code min(maxBackoffMs, backoffBaseMs * 2^(n-1))} with full jitter applied by the orchestrator;
 * for {@link Backoff#LINEAR} {@code min(maxBackoffMs, backoffBaseMs * n)}; for {@link Backoff#FIXED}
 * {@code backoffBaseMs}. A delay requested by the handler ({@code error.retry_after_ms}) wins, still capped.
 *
 * @param retryable     whether failed attempts may be retried at all (default true)
 * @param maxAttempts   total attempts allowed, at least 1 (default 3)
 * @param backoff       backoff kind (default exponential)
 * @param backoffBaseMs base delay in ms, at least 0 (default 1000)
 * @param maxBackoffMs  cap on any delay in ms, at least {@code backoffBaseMs} (default 30000)
 */
public record RetryPolicy(boolean retryable, int maxAttempts, Backoff backoff, long backoffBaseMs, long maxBackoffMs) {

    /** Default policy: retryable, 3 attempts, exponential from 1000 ms capped at 30000 ms. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(true, 3, Backoff.EXPONENTIAL, 1000, 30000);

    /** Backoff kinds with their YAML spellings {@code exponential}, {@code linear}, {@code fixed}. */
    public enum Backoff {
        EXPONENTIAL, LINEAR, FIXED
    }
}
