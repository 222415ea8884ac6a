package dev.tasker.loadtests.stats;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The CPU time a JVM process used over an interval and the part of it its JIT compiler threads used, e.g. the
 * orchestrator's during a benchmark phase. A JVM whose compiler threads still take a noticeable share is warming
 * up, not in the steady state of a long-running service.
 *
 * @param processCpu the whole process's CPU time, or null if unknown
 * @param jitCpu     its JIT compiler threads' CPU time, or null if unknown
 */
public record JitCpuShare(Duration processCpu, Duration jitCpu) {

    /**
     * Reads two clocks now; {@link Start#end()} reads them again.
     *
     * @param process the process's CPU clock
     * @param jit     its JIT compiler threads' CPU clock
     * @return the start of the interval
     */
    public static Start start(CpuClock process, CpuClock jit) {
        return new Start(process, process.nanos(), jit, jit.nanos());
    }

    /** @return whether both times are known */
    public boolean known() {
        return processCpu != null && jitCpu != null;
    }

    /**
     * @return JIT compiler time ÷ process time (0 when the process used no CPU)
     * @throws IllegalStateException when either time is unknown
     */
    public double share() {
        if (!known()) {
            throw new IllegalStateException("CPU time unknown: " + this);
        }
        return processCpu.isZero() ? 0 : (double) jitCpu.toNanos() / processCpu.toNanos();
    }

    /**
     * @return e.g. {@code 5.31 CPU-s, JIT compiler threads 2.10 CPU-s (39.5 %)}, or a note that they are unknown
     */
    public String describe() {
        if (!known()) {
            return "CPU time unknown (/proc not readable)";
        }
        return String.format(Locale.ROOT, "%.2f CPU-s, JIT compiler threads %.2f CPU-s (%.1f %%)",
                processCpu.toNanos() / 1e9, jitCpu.toNanos() / 1e9, share() * 100);
    }

    /**
     * The clocks' readings at the start of an interval.
     *
     * @param process       the process's CPU clock
     * @param processBefore its reading at the start
     * @param jit           the JIT compiler threads' clock
     * @param jitBefore     its reading at the start
     */
    public record Start(CpuClock process, OptionalLong processBefore, CpuClock jit, OptionalLong jitBefore) {

        /** @return the CPU time used since the start */
        public JitCpuShare end() {
            return new JitCpuShare(process.since(processBefore), jit.since(jitBefore));
        }
    }
}
