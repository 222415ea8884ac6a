package dev.tasker.orchestrator.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.runtime.RuntimeLimits;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits stored with a handler version (set at upload with {@code memory_mb} / {@code timeout_ms}); on the
 * wire {@code {"memory_mb": <MiB or null>, "timeout_ms": <ms or null>}}, where {@code null} means the orchestrator's
 * default ({@code tasker.runtime.max-memory-pages}, {@code tasker.runtime.default-timeout}).
 *
 * <p>A step attempt runs under {@link #forStep}: linear memory capped at the version's limit, else the orchestrator's
 * cap; timeout from the template step's {@code timeout_seconds} when set, else the version's {@code timeout_ms}, else
 * the default. Versions are immutable, so these never change for a pinned (name, digest).
 *
 * @param maxMemoryPages cap on the handler's linear memory in 64 KiB pages, or {@code null} for the orchestrator's cap
 * @param timeoutMs      wall-clock limit of one attempt in milliseconds, or {@code null} for the default
 */
public record HandlerLimits(@JsonIgnore Integer maxMemoryPages, Long timeoutMs) {

    /** No limits of the version's own: the orchestrator's apply. */
    public static final HandlerLimits NONE = new HandlerLimits(null, null);

    /** 64 KiB WebAssembly pages per MiB. */
    public static final int PAGES_PER_MIB = 16;

    /** Longest {@code timeout_ms} accepted: one hour, the same bound as a template step's {@code timeout_seconds}. */
    public static final long MAX_TIMEOUT_MS = Duration.ofHours(1).toMillis();

    /** @throws IllegalArgumentException when a limit is not positive */
    public HandlerLimits {
        if (maxMemoryPages != null && maxMemoryPages <= 0 || timeoutMs != null && timeoutMs <= 0) {
            throw new IllegalArgumentException("handler limits must be positive: " + maxMemoryPages + " pages, "
                    + timeoutMs + " ms");
        }
    }

    /**
     * Reads the upload's query parameters.
     *
     * @param memoryMb     {@code memory_mb}: whole MiB, 1 to {@code orchestrator.maxMemoryPages() / 16}; null = default
     * @param timeoutMs    {@code timeout_ms}: whole milliseconds, 1 to {@value #MAX_TIMEOUT_MS}; null = default
     * @param orchestrator the orchestrator's limits ({@code tasker.runtime.*}), whose memory cap bounds {@code memory_mb}
     * @return the limits
     * @throws InvalidHandlerLimitException naming the parameter when one is not a whole number or is out of range
     */
    public static HandlerLimits parse(String memoryMb, String timeoutMs, RuntimeLimits orchestrator) {
        long maxMib = orchestrator.maxMemoryPages() / PAGES_PER_MIB;
        Long mib = parameter("memory_mb", memoryMb, maxMib, "this orchestrator's linear memory cap (tasker.runtime"
                + ".max-memory-pages = " + orchestrator.maxMemoryPages() + " pages of 64 KiB)");
        Long ms = parameter("timeout_ms", timeoutMs, MAX_TIMEOUT_MS, "one hour, the longest step timeout");
        return new HandlerLimits(mib == null ? null : (int) (mib * PAGES_PER_MIB), ms);
    }

    private static Long parameter(String name, String text, long max, String maxMeaning) {
        if (text == null || text.isBlank()) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidHandlerLimitException(name, name + " must be a whole number, got '" + text + "'");
        }
        if (value < 1 || value > max) {
            throw new InvalidHandlerLimitException(name, name + " must be between 1 and " + max + " (" + maxMeaning
                    + "), got " + value);
        }
        return value;
    }

    /** @return the memory limit in MiB ({@code memory_mb}), or {@code null} for the orchestrator's cap */
    @JsonProperty("memory_mb")
    public Integer memoryMb() {
        return maxMemoryPages == null ? null : maxMemoryPages / PAGES_PER_MIB;
    }

    /**
     * @param orchestrator the orchestrator's limits ({@code tasker.runtime.*})
     * @return {@code orchestrator} with this version's memory cap (never above the orchestrator's, should that have
     *         been lowered since the upload), for validating the module at upload and for running it
     */
    public RuntimeLimits forModule(RuntimeLimits orchestrator) {
        return maxMemoryPages == null || maxMemoryPages >= orchestrator.maxMemoryPages() ? orchestrator
                : orchestrator.withMaxMemoryPages(maxMemoryPages);
    }

    /**
     * The limits one attempt of a workflow step runs under.
     *
     * @param orchestrator       the orchestrator's limits ({@code tasker.runtime.*})
     * @param stepTimeoutSeconds the template step's {@code timeout_seconds}, or {@code null}
     * @return memory: this version's cap, else the orchestrator's (the lower of both when both are set); timeout:
     *         {@code stepTimeoutSeconds} when set, else this version's {@code timeout_ms}, else the orchestrator's
     *         default
     */
    public RuntimeLimits forStep(RuntimeLimits orchestrator, Integer stepTimeoutSeconds) {
        RuntimeLimits limits = forModule(orchestrator);
        if (stepTimeoutSeconds != null) {
            return limits.withTimeout(Duration.ofSeconds(stepTimeoutSeconds));
        }
        return timeoutMs == null ? limits : limits.withTimeout(Duration.ofMillis(timeoutMs));
    }

    /**
     * Whether an upload of an already stored version may proceed: every limit the upload gives equals the stored one
     * (a limit the upload leaves out keeps the stored value).
     *
     * @param requested the upload's limits
     * @return {@code true} when nothing would change
     */
    public boolean admits(HandlerLimits requested) {
        return (requested.maxMemoryPages == null || Objects.equals(requested.maxMemoryPages, maxMemoryPages))
                && (requested.timeoutMs == null || Objects.equals(requested.timeoutMs, timeoutMs));
    }

    /** @return e.g. {@code memory_mb=64, timeout_ms=orchestrator default} */
    @Override
    public String toString() {
        return "memory_mb=" + (maxMemoryPages == null ? "orchestrator default" : memoryMb())
                + ", timeout_ms=" + (timeoutMs == null ? "orchestrator default" : timeoutMs);
    }
}
