package dev.tasker.loadtests.stats;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * A source of cumulative CPU time (user + system) of whatever a benchmark wants to account for, e.g. the
 * orchestrator and PostgreSQL processes. Benchmarks read it before and after a measured phase.
 */
@FunctionalInterface
public interface CpuClock {

    /** A clock that never knows (CPU time is not reported). */
    CpuClock NONE = OptionalLong::empty;

    /** @return CPU time consumed so far, ns, or empty when it cannot be read on this system */
    OptionalLong nanos();

    /**
     * @param before a reading taken earlier
     * @return the CPU time consumed since {@code before}, or null when either reading is empty
     */
    default Duration since(OptionalLong before) {
        OptionalLong now = nanos();
        return before.isPresent() && now.isPresent() ? Duration.ofNanos(now.getAsLong() - before.getAsLong()) : null;
    }
}
