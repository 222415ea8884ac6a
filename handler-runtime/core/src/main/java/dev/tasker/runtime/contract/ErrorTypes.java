package dev.tasker.runtime.contract;

import java.util.List;

/**
 * {@code error.error_type} values of the failures the host produces when a handler does not deliver
 * a valid step result, and the metadata keys the host owns on every result.
 *
 * <p>Only {@link #HANDLER_TIMEOUT} and {@link #HANDLER_UNAVAILABLE} are retryable; every other host
 * failure is deterministic for the same module and input and is reported with
 * {@code retryable: false}.
 */
public final class ErrorTypes {

    /** The handler ran longer than its wall-clock timeout and was interrupted. Retryable. */
    public static final String HANDLER_TIMEOUT = "handler_timeout";
    /** The handler needed more linear memory than its cap (in 64 KiB pages) allows. */
    public static final String MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded";
    /** The handler trapped (e.g. {@code unreachable}, out-of-bounds access, call stack exhausted). */
    public static final String HANDLER_TRAP = "handler_trap";
    /** The handler exited with a non-zero code without writing a valid step result. */
    public static final String HANDLER_EXIT = "handler_exit";
    /** The handler wrote more bytes to stdout or stderr than allowed. */
    public static final String OUTPUT_TOO_LARGE = "output_too_large";
    /** The handler finished but stdout was not a valid step result. */
    public static final String INVALID_OUTPUT = "invalid_output";
    /** The module is missing or cannot be loaded, or the host shut down mid-run. Retryable. */
    public static final String HANDLER_UNAVAILABLE = "handler_unavailable";

    /** Host-owned metadata key: wall-clock time the guest ran, in milliseconds (long). */
    public static final String META_EXECUTION_TIME_MS = "execution_time_ms";
    /** Host-owned metadata key: captured stderr (UTF-8, truncated to the stderr cap). */
    public static final String META_STDERR = "stderr";
    /** Host-owned metadata key: {@code compiled}, {@code build_time_compiled} or {@code interpreted}. */
    public static final String META_EXECUTION_MODE = "execution_mode";
    /** Host-owned metadata key: the module digest, {@code sha256:<64 hex>}. */
    public static final String META_MODULE_DIGEST = "module_digest";
    /** Metadata key set on {@link #HANDLER_EXIT} failures: the guest's exit code (int). */
    public static final String META_EXIT_CODE = "exit_code";

    /** The metadata keys the host sets on every result, overwriting the guest's values. */
    public static final List<String> HOST_OWNED_METADATA =
            List.of(META_EXECUTION_TIME_MS, META_STDERR, META_EXECUTION_MODE, META_MODULE_DIGEST);

    private ErrorTypes() {}
}
