package dev.tasker.cli.options;

import dev.tasker.runtime.RuntimeLimits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * Mixin: the per-handler limits {@code --memory <MiB>} and {@code --timeout <duration>}, shared by
 * {@code tasker deploy} (stored with the handler version) and {@code tasker invoke} (applied locally), so a
 * module is tried locally under exactly the limits it will get when deployed.
 */
public final class HandlerLimitOptions {

    /** WebAssembly pages per MiB (one page is 64 KiB). */
    public static final int PAGES_PER_MIB = 16;
    /** Largest memory limit a wasm32 module can use: 4 GiB = 65536 pages. */
    public static final int MAX_MEMORY_MIB = RuntimeLimits.WASM32_MAX_PAGES / PAGES_PER_MIB;

    @Option(names = "--memory", paramLabel = "<MiB>", converter = MemoryConverter.class,
            description = "Linear memory limit in MiB (16 pages of 64 KiB each), 1-4096. Default: the runtime's 16 MiB"
                    + " (deploy: the orchestrator's default, tasker.runtime.max-memory-pages).")
    private Integer memoryMib;

    @Option(names = "--timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Wall-clock limit for one run, e.g. 500ms, 30s, 2m. Default: the runtime's 30s"
                    + " (deploy: the orchestrator's tasker.runtime.default-timeout; a step's timeout_seconds wins).")
    private Duration timeout;

    /**
     * @param base limits to start from (usually {@link RuntimeLimits#defaults()})
     * @return {@code base} with the memory and timeout given on the command line, if any
     */
    public RuntimeLimits applyTo(RuntimeLimits base) {
        RuntimeLimits limits = base;
        if (memoryMib != null) {
            limits = limits.withMaxMemoryPages(memoryMib * PAGES_PER_MIB);
        }
        if (timeout != null) {
            limits = limits.withTimeout(timeout);
        }
        return limits;
    }

    /** @return the memory limit in MiB, or null when not given */
    public Long memoryMb() {
        return memoryMib == null ? null : memoryMib.longValue();
    }

    /** @return the time limit in ms, or null when not given */
    public Long timeoutMs() {
        return timeout == null ? null : timeout.toMillis();
    }

    /** Accepts whole MiB in 1..{@value #MAX_MEMORY_MIB}. */
    static final class MemoryConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int mib;
            try {
                mib = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of MiB, e.g. 16");
            }
            if (mib < 1 || mib > MAX_MEMORY_MIB) {
                throw new CommandLine.TypeConversionException("'" + value + "' is out of range: use 1 to " + MAX_MEMORY_MIB + " MiB");
            }
            return mib;
        }
    }
}
