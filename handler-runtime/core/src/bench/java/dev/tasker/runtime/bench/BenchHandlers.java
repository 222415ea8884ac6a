package dev.tasker.runtime.bench;

import dev.tasker.runtime.ExecutionMode;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.Fixtures;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepResult;
import dev.tasker.runtime.module.ModuleValidationException;

/**
 * The benchmarked handler: {@code wat/aggregate.wat} (tokenizes the whole invocation and aggregates
 * counts) on an 18-line order invocation of about 2 KB, in each execution mode.
 */
final class BenchHandlers {

    /** The invocation every benchmark sends (UTF-8 JSON, about 2 KB). */
    static final byte[] INVOCATION = ContractJson.writeInvocation(Fixtures.orderInvocation(18));

    private BenchHandlers() {}

    /**
     * @param mode {@code compiled}, {@code build_time_compiled} or {@code interpreted}
     * @param maxConcurrency guest threads
     * @return a runtime for that mode
     */
    static HandlerRuntime runtime(String mode, int maxConcurrency) {
        return new HandlerRuntime(RuntimeConfig.defaults()
                .withCompile(!mode.equals(ExecutionMode.INTERPRETED.wireName()))
                .withMaxConcurrency(maxConcurrency));
    }

    /**
     * Loads the aggregate handler in {@code mode} and checks one invocation gives the right answer.
     *
     * @param runtime a runtime from {@link #runtime}
     * @param mode the execution mode's wire name
     * @return the loaded handler
     */
    static LoadedHandler load(HandlerRuntime runtime, String mode) throws ModuleValidationException {
        byte[] wasm = Fixtures.wasm("aggregate");
        LoadedHandler handler = mode.equals(ExecutionMode.BUILD_TIME_COMPILED.wireName())
                ? runtime.load(wasm, new AggregateModule())
                : runtime.load(wasm);
        if (!handler.mode().wireName().equals(mode)) {
            throw new IllegalStateException("expected mode " + mode + " but loaded " + handler.mode());
        }
        ExecutionOutcome outcome = runtime.execute(handler, INVOCATION, null);
        if (!(outcome.result() instanceof StepResult.Success success)
                || success.result().get("bytes").asInt() != INVOCATION.length) {
            throw new IllegalStateException("aggregate handler failed: " + ContractJson.toJson(outcome.result()));
        }
        return handler;
    }
}
