package dev.tasker.runtime.module;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code wasi_snapshot_preview1} functions a handler may import, with the signatures the host
 * provides (taken from Chicory's WASI implementation).
 *
 * <p>The allowlist covers what a WASI command needs to read stdin, write stdout/stderr, read clocks
 * and random bytes, query its (empty) arguments and environment, and exit. It excludes everything
 * that names files or sockets ({@code path_*}, {@code sock_*}, {@code fd_readdir}, {@code fd_pread},
 * {@code fd_pwrite}, {@code fd_allocate}, {@code fd_renumber}, ...): handlers get no preopened
 * directories and no network.
 */
public final class WasiImports {

    /** The only module name a handler may import from. */
    public static final String MODULE = "wasi_snapshot_preview1";

    /** Allowed function names, sorted. */
    public static final Set<String> ALLOWED_FUNCTIONS = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(
            "args_get", "args_sizes_get",
            "environ_get", "environ_sizes_get",
            "clock_res_get", "clock_time_get",
            "fd_close", "fd_fdstat_get", "fd_fdstat_set_flags", "fd_filestat_get",
            "fd_prestat_get", "fd_prestat_dir_name",
            "fd_read", "fd_write", "fd_seek", "fd_tell", "fd_sync", "fd_datasync",
            "poll_oneoff", "proc_exit", "random_get", "sched_yield")));

    private static final Map<String, FunctionType> SIGNATURES = loadSignatures();

    private WasiImports() {}

    /**
     * @param name a {@code wasi_snapshot_preview1} function name
     * @return the signature the host provides, or null if the function is not allowed
     */
    public static FunctionType signature(String name) {
        return SIGNATURES.get(name);
    }

    /** @return the allowed names as a sorted, comma-separated list (for messages and docs) */
    public static String describeAllowed() {
        return String.join(", ", ALLOWED_FUNCTIONS);
    }

    private static Map<String, FunctionType> loadSignatures() {
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build()) {
            Map<String, FunctionType> all = Stream.of(wasi.toHostFunctions())
                    .collect(Collectors.toMap(HostFunction::name, HostFunction::functionType));
            Set<String> missing = new TreeSet<>(ALLOWED_FUNCTIONS);
            missing.removeAll(all.keySet());
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Chicory's WASI lacks allowed functions " + missing);
            }
            return ALLOWED_FUNCTIONS.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), all::get));
        }
    }
}
