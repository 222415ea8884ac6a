package dev.tasker.cli.local;

import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.runtime.module.ModuleValidationException;

import java.nio.file.Path;

/**
 * Turns {@link ModuleValidationException}s about a local module file into {@link CliException}s that name
 * the file, the reason and the fix. Used by {@code tasker deploy} (before uploading) and {@code tasker invoke}.
 */
public final class ModuleFiles {

    private ModuleFiles() {
    }

    /**
     * @param file the module file
     * @param e    why the runtime refused it
     * @return an {@link ExitCode#INVALID_INPUT} failure: {@code <file> is not a valid handler module (<REASON>): <detail>. Fix: <hint>}
     */
    public static CliException invalid(Path file, ModuleValidationException e) {
        return new CliException(ExitCode.INVALID_INPUT, file + " is not a valid handler module (" + e.reason() + "): "
                + e.getMessage() + ". Fix: " + fix(e.reason()), e);
    }

    private static String fix(ModuleValidationException.Reason reason) {
        return switch (reason) {
            case NOT_WEBASSEMBLY -> "pass the compiled .wasm binary (not source code or .wat text)";
            case UNSUPPORTED_VERSION -> "compile to a WebAssembly 1.0 binary module";
            case MALFORMED -> "rebuild the module; the file may be truncated or corrupted";
            case MISSING_EXPORT -> "build a WASI preview1 command that exports _start and memory "
                    + "(e.g. clang --target=wasm32-wasi, or Rust --target wasm32-wasi with a main function)";
            case FORBIDDEN_IMPORT -> "handlers may import only from wasi_snapshot_preview1: remove other host imports";
            case MEMORY_TOO_LARGE -> "raise --memory, or lower the module's initial memory";
            case MODULE_TOO_LARGE -> "shrink the module (optimise for size, strip debug sections)";
        };
    }
}
