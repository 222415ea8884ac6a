package dev.tasker.orchestrator.results;

import dev.tasker.orchestrator.template.RetryPolicy;

import java.util.random.RandomGenerator;

/**
 * Delay before the next attempt of a workflow step that failed retryably, per {@link RetryPolicy}:
 * <ul>
 *   <li>exponential: a uniformly random delay in {@code [0, min(max_backoff_ms, backoff_base_ms × 2^(n-1))]}
 *       ("full jitter", AWS Architecture Blog, "Exponential Backoff And Jitter", 2015), {@code n} = attempts made;</li>
 *   <li>linear: {@code min(max_backoff_ms, backoff_base_ms × n)};</li>
 *   <li>fixed: {@code min(max_backoff_ms, backoff_base_ms)};</li>
 *   <li>a delay the handler asked for ({@code error.retry_after_ms}) replaces the policy's, capped at
 *       {@code max_backoff_ms}.</li>
 * </ul>
 */
public final class RetryBackoff {

    private final RandomGenerator random;

    /** @param random source of jitter */
    public RetryBackoff(RandomGenerator random) {
        this.random = random;
    }

    /**
     * @param policy       the step's retry policy
     * @param attempts     attempts made so far (at least 1)
     * @param retryAfterMs delay requested by the handler, or {@code null}
     * @return the delay in ms, {@code >= 0}
     */
    public long delayMs(RetryPolicy policy, int attempts, Long retryAfterMs) {
        long cap = policy.maxBackoffMs();
        if (retryAfterMs != null) {
            return Math.min(cap, Math.max(0, retryAfterMs));
        }
        long base = policy.backoffBaseMs();
        return switch (policy.backoff()) {
            case FIXED -> Math.min(cap, base);
            case LINEAR -> Math.min(cap, saturatingMultiply(base, Math.max(1, attempts)));
            case EXPONENTIAL -> {
                int exponent = Math.min(62, Math.max(0, attempts - 1));
                long ceiling = Math.min(cap, saturatingMultiply(base, 1L << exponent));
                yield ceiling == 0 ? 0 : random.nextLong(ceiling + 1);
            }
        };
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}
