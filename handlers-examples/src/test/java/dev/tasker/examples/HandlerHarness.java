package dev.tasker.examples;

import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult;
import dev.tasker.runtime.module.ModuleValidationException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the example handlers through the real handler runtime (Chicory, compiled mode, default
 * limits), loading each module once per harness.
 *
 * <p>A test class holds one in a static field annotated {@code @RegisterExtension}; the harness closes its
 * runtime after all the class's tests have run.
 */
final class HandlerHarness implements AfterAllCallback {

    private final HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults());
    private final Map<String, LoadedHandler> loaded = new ConcurrentHashMap<>();

    /**
     * Runs {@code handler} (a name from {@code wasm/handlers.txt}) once.
     *
     * @return the step result, including host-made failures (trap, exit, invalid output)
     */
    StepResult run(String handler, StepInvocation invocation) {
        return execute(handler, invocation).result();
    }

    /** Like {@link #run} but with stderr, timing and execution mode. */
    ExecutionOutcome execute(String handler, StepInvocation invocation) {
        return runtime.execute(load(handler), invocation, RuntimeLimits.defaults());
    }

    /** Runs {@code handler} on raw invocation bytes (which need not be a valid invocation). */
    StepResult runRaw(String handler, byte[] invocationJson) {
        return runtime.execute(load(handler), invocationJson, RuntimeLimits.defaults()).result();
    }

    /** Runs a module given as bytes (e.g. a WAT fixture compiled by the test). */
    StepResult runModule(byte[] wasm, StepInvocation invocation) {
        try {
            return runtime.execute(runtime.load(wasm), invocation, RuntimeLimits.defaults()).result();
        } catch (ModuleValidationException e) {
            throw new AssertionError("module rejected: " + e.getMessage(), e);
        }
    }

    private LoadedHandler load(String handler) {
        return loaded.computeIfAbsent(handler, name -> {
            try {
                return runtime.load(ExampleFiles.module(name));
            } catch (ModuleValidationException e) {
                throw new AssertionError("example handler " + name + " was rejected: " + e.getMessage(), e);
            }
        });
    }

    /** Closes the runtime once the test class is done. */
    @Override
    public void afterAll(ExtensionContext context) {
        runtime.close();
    }
}
