package dev.tasker.lambda;

import dev.tasker.runtime.RuntimeLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the Lambda function, read from its environment variables (the function's
 * configuration in Lambda). Unset variables take the handler-runtime defaults
 * ({@link RuntimeLimits#defaults()}).
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Meaning</th><th>Default</th></tr>
 *   <tr><td>{@code TASKER_HANDLER_MODULE}</td><td>path of a {@code .wasm} module to host instead of the
 *       packaged one (compiled at init by the runtime compiler)</td><td>the packaged module</td></tr>
 *   <tr><td>{@code TASKER_TIMEOUT_MS}</td><td>wall-clock limit of one step, ms; the function always stops
 *       the handler {@code TASKER_DEADLINE_MARGIN_MS} before the Lambda deadline, whichever is
 *       sooner</td><td>30000</td></tr>
 *   <tr><td>{@code TASKER_DEADLINE_MARGIN_MS}</td><td>time kept before the Lambda deadline to report the
 *       result, ms</td><td>{@value #DEFAULT_DEADLINE_MARGIN_MS}</td></tr>
 *   <tr><td>{@code TASKER_MEMORY_PAGES}</td><td>cap on linear memory, 64 KiB pages</td><td>256</td></tr>
 *   <tr><td>{@code TASKER_MAX_MODULE_BYTES}</td><td>largest module accepted, bytes</td><td>10485760</td></tr>
 *   <tr><td>{@code TASKER_MAX_STDOUT_BYTES}</td><td>cap on the handler's stdout (its result), bytes</td>
 *       <td>1048576</td></tr>
 *   <tr><td>{@code TASKER_MAX_STDERR_BYTES}</td><td>cap on captured stderr, bytes</td><td>65536</td></tr>
 *   <tr><td>{@code TASKER_COMPILE}</td><td>{@code false} runs the module in Chicory's interpreter (no
 *       compilation, build-time compiled classes unused)</td><td>{@code true}</td></tr>
 * </table>
 *
 * @param modulePath     module file to host instead of the packaged module, or null
 * @param limits         limits of every step execution (the timeout is further bounded by the deadline)
 * @param deadlineMargin time kept before the Lambda deadline for writing the result
 * @param compile        false to run in the interpreter only
 */
public record FunctionConfig(Path modulePath, RuntimeLimits limits, Duration deadlineMargin, boolean compile) {

    /** Default of {@code TASKER_DEADLINE_MARGIN_MS}, ms. */
    public static final long DEFAULT_DEADLINE_MARGIN_MS = 500;

    public FunctionConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(deadlineMargin, "deadlineMargin");
        if (deadlineMargin.isNegative()) {
            throw new IllegalArgumentException("deadline margin must not be negative: " + deadlineMargin);
        }
    }

    /**
     * Reads the configuration from environment variables.
     *
     * @param env the environment ({@code System.getenv()} in Lambda)
     * @return the configuration
     * @throws IllegalArgumentException naming the variable, its value and the accepted range when a
     *     value is not an integer in range (or not {@code true}/{@code false} for {@code TASKER_COMPILE})
     */
    public static FunctionConfig fromEnvironment(Map<String, String> env) {
        RuntimeLimits defaults = RuntimeLimits.defaults();
        String module = env.get("TASKER_HANDLER_MODULE");
        var limits = new RuntimeLimits(
                integer(env, "TASKER_MAX_MODULE_BYTES", defaults.maxModuleBytes(), 1, Long.MAX_VALUE),
                (int) integer(env, "TASKER_MEMORY_PAGES", defaults.maxMemoryPages(), 1, RuntimeLimits.WASM32_MAX_PAGES),
                Duration.ofMillis(integer(env, "TASKER_TIMEOUT_MS", defaults.timeout().toMillis(), 1, Long.MAX_VALUE)),
                (int) integer(env, "TASKER_MAX_STDOUT_BYTES", defaults.maxStdoutBytes(), 1, Integer.MAX_VALUE),
                (int) integer(env, "TASKER_MAX_STDERR_BYTES", defaults.maxStderrBytes(), 1, Integer.MAX_VALUE));
        long margin = integer(env, "TASKER_DEADLINE_MARGIN_MS", DEFAULT_DEADLINE_MARGIN_MS, 0, Long.MAX_VALUE);
        return new FunctionConfig(module == null || module.isBlank() ? null : Path.of(module), limits,
                Duration.ofMillis(margin), bool(env, "TASKER_COMPILE", true));
    }

    private static long integer(Map<String, String> env, String name, long fallback, long min, long max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the variable name
        }
        throw new IllegalArgumentException("environment variable " + name + " must be an integer from " + min
                + " to " + max + ", got '" + raw + "'");
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("environment variable " + name + " must be true or false, got '" + raw + "'");
        };
    }
}
