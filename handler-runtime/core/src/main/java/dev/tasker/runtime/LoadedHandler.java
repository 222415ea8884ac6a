package dev.tasker.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import dev.tasker.runtime.module.ValidatedModule;
import java.util.function.Function;

/**
 * A validated, ready-to-run handler module, returned by {@link HandlerRuntime#load(byte[])}. Immutable
 * and shareable across threads; every execution creates a fresh instance from it.
 *
 * @param digest {@code sha256:<64 hex>} of the module bytes
 * @param mode how invocations run
 * @param codeSource where the executable code came from (e.g. {@link CodeSource#DISK_CACHE})
 * @param module the validated module
 * @param machineFactory Chicory machine factory for compiled code (bound to {@code module.module()}),
 *     or null when {@code mode} is {@link ExecutionMode#INTERPRETED}
 */
public record LoadedHandler(
        String digest,
        ExecutionMode mode,
        CodeSource codeSource,
        ValidatedModule module,
        Function<Instance, Machine> machineFactory) {

    /** Where a handler's executable code came from when it was loaded. */
    public enum CodeSource {
        /** Compiled by this process during {@code load}. */
        COMPILED_NOW,
        /** Loaded from the on-disk compile cache without compiling. */
        DISK_CACHE,
        /** Classes generated at build time. */
        BUILD_TIME,
        /** Not compiled: the interpreter runs the module. */
        NOT_COMPILED
    }
}
