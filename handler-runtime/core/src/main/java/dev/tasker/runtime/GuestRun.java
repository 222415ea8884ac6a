package dev.tasker.runtime;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.tasker.runtime.module.ValidatedModule;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * Runs one invocation of a handler on the calling thread: a fresh instance, the invocation on stdin,
 * capped stdout and stderr, capped linear memory, WASI without preopened directories, environment
 * variables or arguments (only the program name), with the system clock and a secure random source.
 * Never throws: everything the guest does ends up in the returned {@link Report}.
 */
final class GuestRun {

    /** {@code argv[0]} seen by handlers. */
    static final String PROGRAM_NAME = "handler";

    private static final SecureRandom RANDOM = new SecureRandom();

    private GuestRun() {}

    /**
     * What happened during one run.
     *
     * @param exitCode the code passed to {@code proc_exit}, or null if {@code _start} returned or the guest failed
     * @param failure what stopped the guest abnormally (trap, interrupt, limit), or null
     * @param stdout bytes written to stdout (at most the cap)
     * @param stdoutOverflowed whether the guest tried to write more than the stdout cap
     * @param stderr stderr as UTF-8 (at most the cap)
     * @param stderrOverflowed whether the guest tried to write more than the stderr cap
     * @param memoryRefusal description of the first refused memory growth (or of an initial memory above
     *     the cap), or null
     * @param elapsedNanos time from the start of instantiation to the end of the run
     */
    record Report(
            Integer exitCode,
            Throwable failure,
            byte[] stdout,
            boolean stdoutOverflowed,
            String stderr,
            boolean stderrOverflowed,
            String memoryRefusal,
            long elapsedNanos) {}

    /**
     * @param handler the loaded handler
     * @param stdin the invocation JSON
     * @param limits memory and output caps (the timeout is enforced by the caller)
     * @param start  {@link System#nanoTime()} when the invocation's clock started (the caller's timeout counts from
     *               the same instant, so a timed-out run reports at least its timeout)
     * @return the report
     */
    static Report run(LoadedHandler handler, byte[] stdin, RuntimeLimits limits, long start) {
        ValidatedModule module = handler.module();
        int cap = limits.maxMemoryPages();
        if (module.declaredInitialPages() > cap) {
            return new Report(null, null, new byte[0], false, "", false, "the module declares "
                    + module.declaredInitialPages() + " initial pages but this invocation's limit is " + cap + " pages",
                    System.nanoTime() - start);
        }
        int maxPages = module.declaredMaxPages() == null ? cap : Math.min(module.declaredMaxPages(), cap);
        GrowthLimitedMemory memory = new GrowthLimitedMemory(module.declaredInitialPages(), maxPages);
        CappedOutputStream stdout = new CappedOutputStream("stdout", limits.maxStdoutBytes());
        CappedOutputStream stderr = new CappedOutputStream("stderr", limits.maxStderrBytes());
        WasiOptions options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(stdin))
                .withStdout(stdout)
                .withStderr(stderr)
                .withArguments(List.of(PROGRAM_NAME))
                .withClock(Clock.systemUTC())
                .withRandom(RANDOM)
                .build();
        Integer exitCode = null;
        Throwable failure = null;
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
            Instance.Builder builder = Instance.builder(module.module())
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withMemoryFactory(ignoredDeclaredLimits -> memory)
                    .withStart(false);
            if (handler.machineFactory() != null) {
                builder.withMachineFactory(handler.machineFactory());
            }
            builder.build().export("_start").apply();
        } catch (Throwable thrown) {
            WasiExitException exit = find(thrown, WasiExitException.class);
            if (exit != null) {
                exitCode = exit.exitCode();
            } else {
                failure = thrown;
            }
        }
        return new Report(exitCode, failure, stdout.toByteArray(), stdout.overflowed(), stderr.toUtf8(),
                stderr.overflowed(), memory.refusedGrowth(), System.nanoTime() - start);
    }

    /**
     * @param thrown a throwable
     * @param type the type to look for
     * @return {@code thrown} or its first cause of {@code type}, or null
     */
    static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
