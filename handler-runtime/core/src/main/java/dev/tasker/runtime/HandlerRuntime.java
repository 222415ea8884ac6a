package dev.tasker.runtime;

import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.wasm.WasmModule;
import dev.tasker.runtime.LoadedHandler.CodeSource;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.module.ModuleDigest;
import dev.tasker.runtime.module.ModuleValidationException;
import dev.tasker.runtime.module.ModuleValidator;
import dev.tasker.runtime.module.ValidatedModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Loads, validates, compiles and runs WASM step handlers (WASI preview1 commands) under limits.
 *
 * <p>Loading validates the module ({@link ModuleValidator}), compiles it once per digest with
 * Chicory's runtime compiler and keeps the result in memory and, if configured, in an on-disk cache
 * that later processes reuse. Executing creates a fresh instance per invocation on a guest thread
 * (at most {@link RuntimeConfig#maxConcurrency()} at once, further invocations queue), writes the
 * invocation JSON to stdin and reads the step result from stdout. Whatever the guest does (loop,
 * trap, exhaust memory, flood output, print garbage, exit), the outcome is a typed step result and
 * the runtime keeps serving; see {@link dev.tasker.runtime.contract.ErrorTypes}.
 *
 * <p>Thread-safe. Close it to stop its guest threads.
 */
public final class HandlerRuntime implements AutoCloseable {

    /** Stack size of guest threads in bytes; compiled guest code uses the JVM stack for wasm calls. */
    static final long GUEST_THREAD_STACK_BYTES = 8L * 1024 * 1024;

    private static final long REINTERRUPT_MILLIS = 100;
    private static final AtomicInteger RUNTIME_IDS = new AtomicInteger();

    private final RuntimeConfig config;
    private final ModuleValidator validator;
    private final ModuleCompiler compiler;
    private final ConcurrentMap<String, CompletableFuture<LoadedHandler>> handlers = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor guestThreads;
    private final ScheduledThreadPoolExecutor watchdog;
    private final Set<Invocation> running = ConcurrentHashMap.newKeySet();

    /**
     * @param config limits, concurrency, compile cache directory and compile switch
     * @throws java.io.UncheckedIOException if the compile cache directory cannot be created
     */
    public HandlerRuntime(RuntimeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.validator = new ModuleValidator(config.limits());
        this.compiler = new ModuleCompiler(config.compile(), config.compileCacheDir());
        int id = RUNTIME_IDS.incrementAndGet();
        this.guestThreads = new ThreadPoolExecutor(config.maxConcurrency(), config.maxConcurrency(),
                60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("tasker-guest-" + id + "-", GUEST_THREAD_STACK_BYTES));
        this.guestThreads.allowCoreThreadTimeOut(true);
        this.watchdog = new ScheduledThreadPoolExecutor(1, threads("tasker-watchdog-" + id + "-", 0));
        this.watchdog.setRemoveOnCancelPolicy(true);
    }

    /** @return the configuration this runtime was built with */
    public RuntimeConfig config() {
        return config;
    }

    /**
     * Validates and prepares a module. The first call for a digest validates and compiles (or loads
     * compiled code from the on-disk cache); later calls with the same bytes return the same handler
     * after hashing them. Concurrent first calls for one digest compile once.
     *
     * @param wasm the module bytes
     * @return the loaded handler
     * @throws ModuleValidationException if the module is not an acceptable handler (see
     *     {@link ModuleValidator#validate(byte[])})
     * @throws IllegalStateException if the runtime is closed
     */
    public LoadedHandler load(byte[] wasm) throws ModuleValidationException {
        return loadOnce(wasm, "", compiler::prepare);
    }

    /**
     * Validates a module whose code was compiled to JVM classes at build time by
     * {@code chicory-compiler-maven-plugin} and returns a handler that runs those classes
     * ({@link ExecutionMode#BUILD_TIME_COMPILED}); nothing is compiled at run time. Instances are built
     * from the module the classes carry ({@link CompiledModule#wasmModule()}). Cached per digest
     * like {@link #load(byte[])} (separately from runtime-compiled handlers of the same bytes).
     *
     * @param wasm the original module bytes the classes were generated from (validated; the digest is
     *     computed from them)
     * @param buildTimeCompiled an instance of the class the plugin generated (its {@code name}
     *     parameter), which implements Chicory's {@link CompiledModule}
     * @return the loaded handler
     * @throws ModuleValidationException if the module is not an acceptable handler
     * @throws IllegalArgumentException if the generated classes do not match the module (different
     *     function count or types), i.e. they were generated from other bytes
     * @throws IllegalStateException if the runtime is closed
     */
    public LoadedHandler load(byte[] wasm, CompiledModule buildTimeCompiled) throws ModuleValidationException {
        Objects.requireNonNull(buildTimeCompiled, "buildTimeCompiled");
        return loadOnce(wasm, "#build-time", module -> {
            WasmModule generatedFrom = buildTimeCompiled.wasmModule();
            if (generatedFrom.functionSection().functionCount() != module.module().functionSection().functionCount()
                    || !generatedFrom.typeSection().equals(module.module().typeSection())) {
                throw new IllegalArgumentException(buildTimeCompiled.getClass().getName()
                        + " was not generated from the module " + module.digest());
            }
            ValidatedModule paired = new ValidatedModule(module.digest(), module.bytes(), generatedFrom,
                    module.declaredInitialPages(), module.declaredMaxPages());
            return new LoadedHandler(module.digest(), ExecutionMode.BUILD_TIME_COMPILED, CodeSource.BUILD_TIME,
                    paired, buildTimeCompiled.machineFactory());
        });
    }

    private LoadedHandler loadOnce(byte[] wasm, String variant, Function<ValidatedModule, LoadedHandler> prepare)
            throws ModuleValidationException {
        Objects.requireNonNull(wasm, "wasm");
        ensureOpen();
        String key = ModuleDigest.of(wasm) + variant;
        CompletableFuture<LoadedHandler> mine = new CompletableFuture<>();
        CompletableFuture<LoadedHandler> existing = handlers.putIfAbsent(key, mine);
        if (existing != null) {
            return await(existing);
        }
        try {
            LoadedHandler handler = prepare.apply(validator.validate(wasm));
            mine.complete(handler);
            return handler;
        } catch (ModuleValidationException | RuntimeException | Error e) {
            handlers.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Runs a handler and waits for its outcome. Never throws for guest behaviour.
     *
     * @param handler a handler loaded by this runtime
     * @param invocation the step invocation written to stdin
     * @param limits limits for this run, or null for {@link RuntimeConfig#limits()}
     * @return the outcome; a typed failure if the guest misbehaves
     * @throws IllegalStateException if the runtime is closed
     */
    public ExecutionOutcome execute(LoadedHandler handler, StepInvocation invocation, RuntimeLimits limits) {
        return execute(handler, ContractJson.writeInvocation(invocation), limits);
    }

    /**
     * Runs a handler on raw invocation JSON (passed to stdin unchanged) and waits for its outcome.
     *
     * @param handler a handler loaded by this runtime
     * @param invocationJson UTF-8 step invocation JSON
     * @param limits limits for this run, or null for {@link RuntimeConfig#limits()}
     * @return the outcome; a typed failure if the guest misbehaves
     * @throws IllegalStateException if the runtime is closed
     */
    public ExecutionOutcome execute(LoadedHandler handler, byte[] invocationJson, RuntimeLimits limits) {
        try {
            return submit(handler, invocationJson, limits).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /**
     * Runs a handler asynchronously.
     *
     * @param handler a handler loaded by this runtime
     * @param invocation the step invocation written to stdin
     * @param limits limits for this run, or null for {@link RuntimeConfig#limits()}
     * @return a future completed with the outcome (typed failures included); completed
     *     exceptionally with {@link IllegalStateException} if the runtime is closed
     */
    public CompletableFuture<ExecutionOutcome> submit(
            LoadedHandler handler, StepInvocation invocation, RuntimeLimits limits) {
        return submit(handler, ContractJson.writeInvocation(invocation), limits);
    }

    /**
     * Runs a handler asynchronously on raw invocation JSON (passed to stdin unchanged).
     *
     * @param handler a handler loaded by this runtime
     * @param invocationJson UTF-8 step invocation JSON
     * @param limits limits for this run, or null for {@link RuntimeConfig#limits()}
     * @return a future completed with the outcome (typed failures included); completed
     *     exceptionally with {@link IllegalStateException} if the runtime is closed
     */
    public CompletableFuture<ExecutionOutcome> submit(
            LoadedHandler handler, byte[] invocationJson, RuntimeLimits limits) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(invocationJson, "invocationJson");
        Invocation invocation = new Invocation(handler, invocationJson, limits == null ? config.limits() : limits);
        try {
            guestThreads.execute(invocation);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("HandlerRuntime is closed"));
        }
        return invocation.future;
    }

    /**
     * Stops accepting work, interrupts running guests (their outcome is a retryable
     * {@code handler_unavailable} failure), completes queued invocations the same way and waits
     * briefly for guest threads to end.
     */
    @Override
    public void close() {
        guestThreads.shutdown();
        List<Runnable> queued = new ArrayList<>();
        guestThreads.getQueue().drainTo(queued);
        for (Runnable runnable : queued) {
            ((Invocation) runnable).shutDown();
        }
        running.forEach(Invocation::shutDown);
        try {
            if (!guestThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                guestThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
    }

    private void ensureOpen() {
        if (guestThreads.isShutdown()) {
            throw new IllegalStateException("HandlerRuntime is closed");
        }
    }

    private static LoadedHandler await(CompletableFuture<LoadedHandler> future) throws ModuleValidationException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModuleValidationException invalid) {
                throw invalid;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static ThreadFactory threads(String prefix, long stackBytes) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(null, runnable, prefix + count.incrementAndGet(), stackBytes);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * One queued or running invocation. Its state moves PENDING → RUNNING → FINISHED, or to
     * TIMED_OUT / SHUT_DOWN when the host interrupts it; interrupts are sent only under the lock
     * while RUNNING, so a guest thread never carries a stray interrupt into the next invocation.
     */
    private final class Invocation implements Runnable {

        private static final int PENDING = 0;
        private static final int RUNNING = 1;
        private static final int FINISHED = 2;
        private static final int TIMED_OUT = 3;
        private static final int SHUT_DOWN = 4;

        final CompletableFuture<ExecutionOutcome> future = new CompletableFuture<>();
        private final LoadedHandler handler;
        private final byte[] stdin;
        private final RuntimeLimits limits;
        private int state = PENDING;
        private Thread runner;

        Invocation(LoadedHandler handler, byte[] stdin, RuntimeLimits limits) {
            this.handler = handler;
            this.stdin = stdin;
            this.limits = limits;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (state != PENDING) {
                    return;
                }
                state = RUNNING;
                runner = Thread.currentThread();
            }
            running.add(this);
            try {
                long start = System.nanoTime();
                var alarm = watchdog.schedule(this::timeOut, limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
                GuestRun.Report report;
                try {
                    report = GuestRun.run(handler, stdin, limits, start);
                } finally {
                    alarm.cancel(false);
                }
                int end;
                synchronized (this) {
                    end = state;
                    state = FINISHED;
                    runner = null;
                }
                Thread.interrupted(); // clear an interrupt that arrived after the guest returned
                OutcomeClassifier.Interruption interruption = switch (end) {
                    case TIMED_OUT -> OutcomeClassifier.Interruption.TIMED_OUT;
                    case SHUT_DOWN -> OutcomeClassifier.Interruption.SHUT_DOWN;
                    default -> OutcomeClassifier.Interruption.NONE;
                };
                future.complete(OutcomeClassifier.classify(report, interruption, handler, limits));
            } catch (Throwable unexpected) {
                future.completeExceptionally(unexpected);
            } finally {
                running.remove(this);
            }
        }

        /** Watchdog: interrupts the guest at its deadline and keeps nudging it until it stops. */
        private void timeOut() {
            synchronized (this) {
                if (state == RUNNING) {
                    state = TIMED_OUT;
                }
                if (state != TIMED_OUT || runner == null) {
                    return;
                }
                runner.interrupt();
            }
            if (!watchdog.isShutdown()) {
                watchdog.schedule(this::timeOut, REINTERRUPT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        /** Runtime shutdown: completes a queued invocation or interrupts a running one. */
        void shutDown() {
            synchronized (this) {
                if (state == PENDING) {
                    state = FINISHED;
                } else {
                    if (state == RUNNING) {
                        state = SHUT_DOWN;
                        runner.interrupt();
                    }
                    return;
                }
            }
            GuestRun.Report nothing = new GuestRun.Report(null, null, new byte[0], false, "", false, null, 0);
            future.complete(OutcomeClassifier.classify(
                    nothing, OutcomeClassifier.Interruption.SHUT_DOWN, handler, limits));
        }
    }
}
