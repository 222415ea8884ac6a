package dev.tasker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.ErrorTypes;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult;
import dev.tasker.runtime.module.ModuleDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs real WASM handlers through {@link HandlerRuntime} and checks the step result of every guest
 * behaviour; subclasses run the same checks compiled and interpreted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HandlerRuntimeContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    HandlerRuntime runtime;

    abstract boolean compile();

    abstract ExecutionMode expectedMode();

    @BeforeAll
    void startRuntime() {
        runtime = new HandlerRuntime(RuntimeConfig.defaults().withCompile(compile()).withMaxConcurrency(4));
    }

    @AfterAll
    void stopRuntime() {
        runtime.close();
    }

    LoadedHandler load(String fixture) throws Exception {
        return runtime.load(Fixtures.wasm(fixture));
    }

    RuntimeLimits limits() {
        return runtime.config().limits();
    }

    @Test
    void echoHandlerReadsStdinAndWritesDerivedResultWithHostOwnedMetadata() throws Exception {
        LoadedHandler echo = load("echo");
        StepInvocation invocation = Fixtures.invocation(41);
        byte[] stdin = ContractJson.writeInvocation(invocation);

        ExecutionOutcome outcome = runtime.execute(echo, invocation, null);

        assertThat(outcome.result()).isInstanceOf(StepResult.Success.class);
        StepResult.Success success = (StepResult.Success) outcome.result();
        assertThat(success.result().get("n_plus_one").asLong()).isEqualTo(42);
        assertThat(success.result().get("input_bytes").asInt()).isEqualTo(stdin.length);
        assertThat(success.result().get("input")).isEqualTo(JSON.readTree(stdin));
        assertThat(outcome.mode()).isEqualTo(expectedMode());
        assertThat(outcome.stderr()).isEqualTo("echo handler: read the invocation\n");
        JsonNode metadata = success.metadata();
        assertThat(metadata.get("handler").asText()).isEqualTo("echo");
        assertThat(metadata.get(ErrorTypes.META_EXECUTION_TIME_MS).isIntegralNumber()).isTrue();
        assertThat(metadata.get(ErrorTypes.META_EXECUTION_TIME_MS).asLong())
                .isEqualTo(outcome.executionTimeMs())
                .isNotNegative();
        assertThat(metadata.get(ErrorTypes.META_EXECUTION_MODE).asText()).isEqualTo(expectedMode().wireName());
        assertThat(metadata.get(ErrorTypes.META_MODULE_DIGEST).asText())
                .isEqualTo(ModuleDigest.of(Fixtures.wasm("echo")))
                .isEqualTo(echo.digest());
        assertThat(metadata.get(ErrorTypes.META_STDERR).asText()).isEqualTo(outcome.stderr());
    }

    @Test
    void rawInvocationBytesArePassedToStdinUnchanged() throws Exception {
        byte[] stdin = "{\"contract_version\":1,\"task\":{\"context\":{\"n\": 99}}}\n".getBytes(StandardCharsets.UTF_8);

        ExecutionOutcome outcome = runtime.submit(load("echo"), stdin, null).get();

        StepResult.Success success = (StepResult.Success) outcome.result();
        assertThat(success.result().get("n_plus_one").asLong()).isEqualTo(100);
        assertThat(success.result().get("input_bytes").asInt()).isEqualTo(stdin.length);
    }

    @Test
    void handlerDeclaredFailureIsKept() throws Exception {
        byte[] stdin = "{\"contract_version\":1,\"task\":{\"context\":{}}}".getBytes(StandardCharsets.UTF_8);

        StepResult result = runtime.execute(load("echo"), stdin, null).result();

        StepResult.Failure failure = (StepResult.Failure) result;
        assertThat(failure.error().errorType()).isEqualTo("validation_error");
        assertThat(failure.error().errorCode()).isEqualTo("E_NO_N");
        assertThat(failure.error().retryable()).isFalse();
        assertThat(failure.metadata().get("handler").asText()).isEqualTo("echo");
        assertThat(failure.metadata().get(ErrorTypes.META_EXECUTION_MODE).asText()).isEqualTo(expectedMode().wireName());
    }

    @Test
    void wasiGivesOnlyTheProgramNameNoEnvironmentNoPreopensButClockAndRandom() throws Exception {
        long before = System.currentTimeMillis();

        ExecutionOutcome outcome = runtime.execute(load("wasi_environment"), Fixtures.invocation(1), null);

        JsonNode result = ((StepResult.Success) outcome.result()).result();
        assertThat(result.get("argc").asInt()).isEqualTo(1);
        assertThat(result.get("argv_bytes").asInt()).isEqualTo("handler".length() + 1);
        assertThat(result.get("environ_count").asInt()).isZero();
        assertThat(result.get("environ_bytes").asInt()).isZero();
        assertThat(result.get("realtime_ns").asLong() / 1_000_000)
                .isBetween(before - 1000, System.currentTimeMillis() + 1000);
        assertThat(result.get("random_errno").asInt()).isZero();
        assertThat(result.get("random_nonzero_bytes").asInt()).isPositive();
        assertThat(result.get("fd3_prestat_errno").asInt()).as("EBADF: no preopened directory").isEqualTo(8);
    }

    @Test
    void infiniteLoopTimesOutAndIsRetryable() throws Exception {
        RuntimeLimits limits = limits().withTimeout(Duration.ofMillis(300));

        ExecutionOutcome outcome = runtime.execute(load("loop_forever"), Fixtures.invocation(1), limits);

        StepResult.StepError error = failure(outcome, ErrorTypes.HANDLER_TIMEOUT);
        assertThat(error.retryable()).isTrue();
        assertThat(error.message()).contains("300 ms");
        assertThat(outcome.executionTimeMs()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void growingMemoryPastTheCapFailsWithMemoryLimitExceeded() throws Exception {
        RuntimeLimits limits = limits().withMaxMemoryPages(16);

        ExecutionOutcome outcome = runtime.execute(load("grow_memory_forever"), Fixtures.invocation(1), limits);

        StepResult.StepError error = failure(outcome, ErrorTypes.MEMORY_LIMIT_EXCEEDED);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("memory.grow by 1 page(s) at 16 pages would pass the limit of 16 pages (1024 KiB)");
    }

    @Test
    void initialMemoryAboveThePerInvocationCapFailsWithMemoryLimitExceeded() throws Exception {
        ExecutionOutcome outcome = runtime.execute(load("echo"), Fixtures.invocation(1), limits().withMaxMemoryPages(1));

        StepResult.StepError error = failure(outcome, ErrorTypes.MEMORY_LIMIT_EXCEEDED);
        assertThat(error.message()).contains("declares 2 initial pages but this invocation's limit is 1 pages");
    }

    @Test
    void unreachableTrapsAsHandlerTrap() throws Exception {
        StepResult.StepError error = failure(runtime.execute(load("trap"), Fixtures.invocation(1), null),
                ErrorTypes.HANDLER_TRAP);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message().toLowerCase()).contains("unreachable");
    }

    @Test
    void unboundedRecursionTrapsAsHandlerTrap() throws Exception {
        StepResult.StepError error = failure(runtime.execute(load("recurse_forever"), Fixtures.invocation(1), null),
                ErrorTypes.HANDLER_TRAP);
        assertThat(error.message()).contains("call stack exhausted");
    }

    @Test
    void floodingStdoutStopsAtTheCap() throws Exception {
        RuntimeLimits limits = limits().withMaxStdoutBytes(100_000);

        ExecutionOutcome outcome = runtime.execute(load("flood_stdout"), Fixtures.invocation(1), limits);

        StepResult.StepError error = failure(outcome, ErrorTypes.OUTPUT_TOO_LARGE);
        assertThat(error.message()).contains("more than 100000 bytes to stdout");
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void floodingStderrStopsAtTheCapAndKeepsTheTruncatedStderr() throws Exception {
        RuntimeLimits limits = limits().withMaxStderrBytes(1000);

        ExecutionOutcome outcome = runtime.execute(load("flood_stderr"), Fixtures.invocation(1), limits);

        StepResult.StepError error = failure(outcome, ErrorTypes.OUTPUT_TOO_LARGE);
        assertThat(error.message()).contains("more than 1000 bytes to stderr");
        assertThat(outcome.stderr()).hasSize(1000).containsOnlyOnce("x".repeat(1000));
        assertThat(outcome.result().metadata().get(ErrorTypes.META_STDERR).asText()).isEqualTo(outcome.stderr());
    }

    @Test
    void nonZeroExitWithoutValidResultIsHandlerExit() throws Exception {
        ExecutionOutcome outcome = runtime.execute(load("exit_nonzero"), Fixtures.invocation(1), null);

        StepResult.StepError error = failure(outcome, ErrorTypes.HANDLER_EXIT);
        assertThat(error.message()).contains("exited with code 3").contains("not valid JSON");
        assertThat(outcome.result().metadata().get(ErrorTypes.META_EXIT_CODE).asInt()).isEqualTo(3);
    }

    @Test
    void nonZeroExitWithValidResultKeepsTheHandlersResult() throws Exception {
        ExecutionOutcome outcome = runtime.execute(load("exit_with_failure_result"), Fixtures.invocation(1), null);

        StepResult.StepError error = failure(outcome, "upstream_error");
        assertThat(error.retryable()).isTrue();
        assertThat(error.retryAfterMs()).isEqualTo(2500L);
        assertThat(outcome.result().metadata().get("attempted").asText()).isEqualTo("charge");
    }

    @Test
    void garbageOnStdoutIsInvalidOutputWithTheParseError() throws Exception {
        StepResult.StepError error = failure(runtime.execute(load("print_garbage"), Fixtures.invocation(1), null),
                ErrorTypes.INVALID_OUTPUT);
        assertThat(error.message()).startsWith("stdout is not a valid step result: not valid JSON").contains("line 1");
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void theRuntimeRunsNormallyAfterEveryKindOfFailure() throws Exception {
        RuntimeLimits tight = limits().withTimeout(Duration.ofMillis(300)).withMaxMemoryPages(16)
                .withMaxStdoutBytes(10_000).withMaxStderrBytes(10_000);
        try (HandlerRuntime single = new HandlerRuntime(
                RuntimeConfig.defaults().withCompile(compile()).withMaxConcurrency(1))) {
            LoadedHandler echo = single.load(Fixtures.wasm("echo"));
            List<String> failing = List.of("loop_forever", "grow_memory_forever", "trap", "recurse_forever",
                    "flood_stdout", "flood_stderr", "exit_nonzero", "print_garbage");
            long n = 0;
            for (String fixture : failing) {
                ExecutionOutcome bad = single.execute(single.load(Fixtures.wasm(fixture)), Fixtures.invocation(n), tight);
                assertThat(bad.result().isSuccess()).as(fixture).isFalse();

                ExecutionOutcome good = single.execute(echo, Fixtures.invocation(++n), tight);
                assertThat(good.result().isSuccess()).as("echo after " + fixture).isTrue();
                assertThat(((StepResult.Success) good.result()).result().get("n_plus_one").asLong())
                        .as("echo after " + fixture).isEqualTo(n + 1);
            }
        }
    }

    @Test
    void sixtyFourConcurrentInvocationsEachGetTheirOwnInstance() throws Exception {
        LoadedHandler echo = load("echo");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ExecutionOutcome>> outcomes = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int caller = 0; caller < 8; caller++) {
            int first = caller * 8;
            for (int i = first; i < first + 8; i++) {
                outcomes.add(new CompletableFuture<>());
            }
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = first; i < first + 8; i++) {
                        outcomes.get(i).complete(runtime.execute(echo, Fixtures.invocation(1000L * i), null));
                    }
                } catch (Throwable t) {
                    outcomes.get(first).completeExceptionally(t);
                }
            });
            callers.add(thread);
        }
        callers.forEach(Thread::start);
        go.countDown();
        for (int i = 0; i < 64; i++) {
            StepResult.Success success = (StepResult.Success) outcomes.get(i).get().result();
            assertThat(success.result().get("n_plus_one").asLong()).isEqualTo(1000L * i + 1);
            assertThat(success.result().at("/input/task/context/n").asLong()).isEqualTo(1000L * i);
            assertThat(success.result().at("/input/task/correlation_id").asText()).isEqualTo("corr-" + 1000L * i);
        }
    }

    @Test
    void loadingTheSameBytesAgainReturnsTheSameHandler() throws Exception {
        assertThat(runtime.load(Fixtures.wasm("echo"))).isSameAs(runtime.load(Fixtures.wasm("echo")));
    }

    @Test
    void aClosedRuntimeRefusesWork() throws Exception {
        HandlerRuntime closed = new HandlerRuntime(RuntimeConfig.defaults().withCompile(compile()));
        LoadedHandler echo = closed.load(Fixtures.wasm("echo"));
        closed.close();

        assertThatThrownBy(() -> closed.execute(echo, Fixtures.invocation(1), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> closed.load(Fixtures.wasm("trap"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTheRuntimeEndsRunningAndQueuedInvocationsWithARetryableFailure() throws Exception {
        HandlerRuntime closing = new HandlerRuntime(
                RuntimeConfig.defaults().withCompile(compile()).withMaxConcurrency(1));
        LoadedHandler loop = closing.load(Fixtures.wasm("loop_forever"));
        CompletableFuture<ExecutionOutcome> first = closing.submit(loop, Fixtures.invocation(1), null);
        CompletableFuture<ExecutionOutcome> queued = closing.submit(loop, Fixtures.invocation(2), null);
        Thread.sleep(200); // let the first invocation start (either way both must end the same)

        closing.close();

        for (CompletableFuture<ExecutionOutcome> outcome : List.of(first, queued)) {
            StepResult.StepError error = failure(outcome.get(), ErrorTypes.HANDLER_UNAVAILABLE);
            assertThat(error.retryable()).isTrue();
        }
    }

    static StepResult.StepError failure(ExecutionOutcome outcome, String errorType) {
        assertThat(outcome.result()).isInstanceOf(StepResult.Failure.class);
        StepResult.StepError error = ((StepResult.Failure) outcome.result()).error();
        assertThat(error.errorType()).as(error.message()).isEqualTo(errorType);
        return error;
    }
}
