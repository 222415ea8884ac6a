package dev.tasker.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.ErrorTypes;
import dev.tasker.runtime.contract.StepResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * AWS Lambda function hosting one Tasker step handler module (handler string
 * {@code dev.tasker.lambda.StepHandlerFunction::handleRequest}).
 *
 * <p>Event: a step invocation, contract v1 (DESIGN §2: {@code contract_version}, {@code task},
 * {@code step}, {@code config}, {@code dependency_results}). Response: always a step result JSON
 * ({@code {"success": true, "result": ..., "metadata": {...}}} or
 * {@code {"success": false, "error": {"message", "error_type", "retryable", "error_code"?}, "metadata": {...}}}),
 * with the host-owned metadata {@code execution_time_ms}, {@code stderr}, {@code execution_mode},
 * {@code module_digest}. Whatever the guest does (fails, traps, loops, exhausts memory, prints garbage)
 * becomes a typed failure result ({@link ErrorTypes}); an event that is not a valid step invocation
 * becomes a {@value #INVALID_INVOCATION} failure (not retryable). The function never answers with a
 * Lambda function error for a step.
 *
 * <p>Time: each step runs under {@code TASKER_TIMEOUT_MS}, cut to the time Lambda has left
 * ({@link Context#getRemainingTimeInMillis()}) minus {@code TASKER_DEADLINE_MARGIN_MS}, so a looping
 * handler ends as a retryable {@code handler_timeout} result before Lambda would kill the environment.
 *
 * <p>Init: the constructor (Lambda's init phase) reads {@link FunctionConfig} from the environment, creates
 * the handler-runtime and loads the module ({@link HostedModule}: build-time compiled classes when packaged,
 * else the runtime compiler) while a second thread primes the contract JSON paths
 * ({@link ContractJsonWarmup}). Nothing is loaded per request. A bad configuration or module throws
 * {@link FunctionInitException} (a Lambda init error).
 */
public final class StepHandlerFunction implements RequestStreamHandler {

    /** {@code error.error_type} of the failure returned for an event that is not a step invocation. */
    public static final String INVALID_INVOCATION = "invalid_invocation";

    private final FunctionConfig config;
    private final HandlerRuntime runtime;
    private final LoadedHandler handler;

    /**
     * Init phase: configuration from {@code System.getenv()}, runtime, module.
     *
     * @throws FunctionInitException when the configuration or the module is invalid
     */
    public StepHandlerFunction() {
        this(environmentConfig());
    }

    /**
     * @param config the function configuration
     * @throws FunctionInitException when the module is missing or invalid
     */
    StepHandlerFunction(FunctionConfig config) {
        Thread warmup = ContractJsonWarmup.start();
        this.config = config;
        this.runtime = new HandlerRuntime(RuntimeConfig.defaults()
                .withLimits(config.limits())
                .withMaxConcurrency(1)
                .withCompile(config.compile()));
        this.handler = HostedModule.load(config, runtime);
        try {
            warmup.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the hosted handler on one step invocation and writes its step result.
     *
     * @param input   the event: step invocation JSON
     * @param output  receives the step result JSON
     * @param context Lambda context: remaining time bounds the step's timeout; one log line per step
     * @throws IOException only when reading the event or writing the result fails
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        StepResult result = execute(event, context::getRemainingTimeInMillis);
        output.write(ContractJson.writeResult(result));
        context.getLogger().log(summary(result) + "\n");
    }

    /**
     * Validates the event and runs the handler on it (the event bytes go to the guest's stdin unchanged).
     *
     * @param event           the event bytes
     * @param remainingMillis time Lambda has left for this invocation, in ms, asked just before the guest starts
     * @return the step result; never null
     */
    StepResult execute(byte[] event, LongSupplier remainingMillis) {
        try {
            ContractJson.readInvocation(event);
        } catch (IllegalArgumentException e) {
            return hostFailure(e.getMessage(), INVALID_INVOCATION, false);
        }
        Duration remaining = Duration.ofMillis(remainingMillis.getAsLong());
        Duration budget = remaining.minus(config.deadlineMargin());
        if (budget.isNegative() || budget.isZero()) {
            return hostFailure("no time left to run the handler: the Lambda deadline is " + remaining.toMillis()
                    + " ms away and " + config.deadlineMargin().toMillis()
                    + " ms are kept to report the result (TASKER_DEADLINE_MARGIN_MS)", ErrorTypes.HANDLER_TIMEOUT, true);
        }
        RuntimeLimits limits = config.limits();
        if (budget.compareTo(limits.timeout()) < 0) {
            limits = limits.withTimeout(budget);
        }
        ExecutionOutcome outcome = runtime.execute(handler, event, limits);
        return outcome.result();
    }

    /** A failure produced without running the guest, with the host-owned metadata. */
    private StepResult hostFailure(String message, String errorType, boolean retryable) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode()
                .put(ErrorTypes.META_EXECUTION_TIME_MS, 0L)
                .put(ErrorTypes.META_STDERR, "")
                .put(ErrorTypes.META_EXECUTION_MODE, handler.mode().wireName())
                .put(ErrorTypes.META_MODULE_DIGEST, handler.digest());
        return StepResult.failure(errorType, message, retryable).withMetadata(metadata);
    }

    private static String summary(StepResult result) {
        long ms = result.metadata().path(ErrorTypes.META_EXECUTION_TIME_MS).asLong();
        return switch (result) {
            case StepResult.Success success -> "tasker step succeeded in " + ms + " ms";
            case StepResult.Failure failure -> "tasker step failed in " + ms + " ms: " + failure.error().errorType()
                    + (failure.error().retryable() ? " (retryable)" : "") + ": " + failure.error().message();
        };
    }

    private static FunctionConfig environmentConfig() {
        try {
            return FunctionConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new FunctionInitException("invalid function configuration: " + e.getMessage(), e);
        }
    }
}
