package dev.tasker.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of a {@link HandlerRuntime}.
 *
 * @param limits default limits for loading and for executions that pass no limits of their own
 * @param maxConcurrency maximum number of invocations running at once (guest threads); further
 *     invocations queue in arrival order
 * @param compileCacheDir directory of the on-disk compile cache shared across processes and
 *     restarts, or null to keep compiled code in memory only
 * @param compile true to compile modules to JVM bytecode (falling back to the interpreter only if
 *     compilation fails); false to always interpret
 */
public record RuntimeConfig(RuntimeLimits limits, int maxConcurrency, Path compileCacheDir, boolean compile) {

    /**
     * @throws NullPointerException if {@code limits} is null
     * @throws IllegalArgumentException if {@code maxConcurrency < 1}
     */
    public RuntimeConfig {
        Objects.requireNonNull(limits, "limits");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + maxConcurrency);
        }
    }

    /**
     * @return {@link RuntimeLimits#defaults()}, concurrency = available processors, no disk cache,
     *     compilation on
     */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig(RuntimeLimits.defaults(), Runtime.getRuntime().availableProcessors(), null, true);
    }

    /** @param value limits @return a copy with {@code limits = value} */
    public RuntimeConfig withLimits(RuntimeLimits value) {
        return new RuntimeConfig(value, maxConcurrency, compileCacheDir, compile);
    }

    /** @param value guest threads @return a copy with {@code maxConcurrency = value} */
    public RuntimeConfig withMaxConcurrency(int value) {
        return new RuntimeConfig(limits, value, compileCacheDir, compile);
    }

    /** @param value cache directory or null @return a copy with {@code compileCacheDir = value} */
    public RuntimeConfig withCompileCacheDir(Path value) {
        return new RuntimeConfig(limits, maxConcurrency, value, compile);
    }

    /** @param value whether to compile @return a copy with {@code compile = value} */
    public RuntimeConfig withCompile(boolean value) {
        return new RuntimeConfig(limits, maxConcurrency, compileCacheDir, value);
    }
}
