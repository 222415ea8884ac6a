package dev.tasker.orchestrator.registry;

/**
 * An upload gives limits that differ from those of the version already stored under the same name and digest.
 * Versions are immutable, limits included (tasks pin them): the stored version is left unchanged.
 */
public class HandlerLimitsConflictException extends RuntimeException {

    private final transient HandlerLimits existing;

    /**
     * @param name      handler name
     * @param digest    the stored version's digest
     * @param existing  the stored version's limits
     * @param requested the upload's limits
     */
    public HandlerLimitsConflictException(String name, String digest, HandlerLimits existing, HandlerLimits requested) {
        super("version " + digest + " of handler '" + name + "' is already stored with limits " + existing
                + "; the upload asks for " + given(requested) + ". A version's limits never change (tasks pin it): upload"
                + " again with the stored limits (or none), or deploy changed module bytes as a new version");
        this.existing = existing;
    }

    private static String given(HandlerLimits requested) {
        String memory = requested.memoryMb() == null ? "" : "memory_mb=" + requested.memoryMb();
        String timeout = requested.timeoutMs() == null ? "" : "timeout_ms=" + requested.timeoutMs();
        return memory.isEmpty() || timeout.isEmpty() ? memory + timeout : memory + ", " + timeout;
    }

    /** @return the stored version's limits */
    public HandlerLimits existing() {
        return existing;
    }
}
