package dev.tasker.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits applied when loading and running a handler.
 *
 * @param maxModuleBytes largest module accepted by {@code load}, in bytes
 * @param maxMemoryPages cap on a handler's linear memory, in 64 KiB pages (1..65536); a module
 *     declaring more (initial or maximum) is rejected at load, and {@code memory.grow} beyond it fails
 *     the invocation with {@code memory_limit_exceeded}
 * @param timeout wall-clock limit of one invocation, measured from the start of instantiation
 * @param maxStdoutBytes cap on stdout (the step result), in bytes
 * @param maxStderrBytes cap on stderr (diagnostics), in bytes
 */
public record RuntimeLimits(
        long maxModuleBytes, int maxMemoryPages, Duration timeout, int maxStdoutBytes, int maxStderrBytes) {

    /** Largest number of 64 KiB pages a wasm32 memory can have. */
    public static final int WASM32_MAX_PAGES = 65_536;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a size or the timeout is not positive, or
     *     {@code maxMemoryPages} exceeds {@link #WASM32_MAX_PAGES}
     * @throws NullPointerException if {@code timeout} is null
     */
    public RuntimeLimits {
        Objects.requireNonNull(timeout, "timeout");
        requirePositive("maxModuleBytes", maxModuleBytes);
        requirePositive("maxMemoryPages", maxMemoryPages);
        requirePositive("maxStdoutBytes", maxStdoutBytes);
        requirePositive("maxStderrBytes", maxStderrBytes);
        if (maxMemoryPages > WASM32_MAX_PAGES) {
            throw new IllegalArgumentException(
                    "maxMemoryPages is " + maxMemoryPages + "; at most " + WASM32_MAX_PAGES + " pages exist");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /**
     * @return 10 MiB modules, 256 pages (16 MiB) of memory, 30 s timeout, 1 MiB stdout, 64 KiB stderr
     */
    public static RuntimeLimits defaults() {
        return new RuntimeLimits(10L * 1024 * 1024, 256, Duration.ofSeconds(30), 1024 * 1024, 64 * 1024);
    }

    /** @param value bytes @return a copy with {@code maxModuleBytes = value} */
    public RuntimeLimits withMaxModuleBytes(long value) {
        return new RuntimeLimits(value, maxMemoryPages, timeout, maxStdoutBytes, maxStderrBytes);
    }

    /** @param value pages @return a copy with {@code maxMemoryPages = value} */
    public RuntimeLimits withMaxMemoryPages(int value) {
        return new RuntimeLimits(maxModuleBytes, value, timeout, maxStdoutBytes, maxStderrBytes);
    }

    /** @param value the wall-clock limit @return a copy with {@code timeout = value} */
    public RuntimeLimits withTimeout(Duration value) {
        return new RuntimeLimits(maxModuleBytes, maxMemoryPages, value, maxStdoutBytes, maxStderrBytes);
    }

    /** @param value bytes @return a copy with {@code maxStdoutBytes = value} */
    public RuntimeLimits withMaxStdoutBytes(int value) {
        return new RuntimeLimits(maxModuleBytes, maxMemoryPages, timeout, value, maxStderrBytes);
    }

    /** @param value bytes @return a copy with {@code maxStderrBytes = value} */
    public RuntimeLimits withMaxStderrBytes(int value) {
        return new RuntimeLimits(maxModuleBytes, maxMemoryPages, timeout, maxStdoutBytes, value);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
