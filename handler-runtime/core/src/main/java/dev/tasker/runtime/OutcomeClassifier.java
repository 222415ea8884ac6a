package dev.tasker.runtime;

import com.dylibso.chicory.wasm.UninstantiableException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.ErrorTypes;
import dev.tasker.runtime.contract.InvalidStepResultException;
import dev.tasker.runtime.contract.StepResult;
import java.util.concurrent.TimeUnit;

/**
 * Decides the step result of a run, in this order of precedence: timeout, host shutdown, output over
 * its cap, a valid step result on stdout (whatever the exit code), memory cap reached, trap, non-zero
 * exit, invalid stdout. Then stamps the host-owned metadata onto the result.
 */
final class OutcomeClassifier {

    private OutcomeClassifier() {}

    /** How a run ended from the host's point of view. */
    enum Interruption {
        /** The run ended on its own. */
        NONE,
        /** The watchdog interrupted the run at its timeout. */
        TIMED_OUT,
        /** The runtime was closed during the run. */
        SHUT_DOWN
    }

    /**
     * @param report what the guest did
     * @param interruption whether and why the host interrupted the run
     * @param handler the handler that ran
     * @param limits the limits the run had
     * @return the outcome with host-owned metadata set
     */
    static ExecutionOutcome classify(
            GuestRun.Report report, Interruption interruption, LoadedHandler handler, RuntimeLimits limits) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(report.elapsedNanos());
        StepResult result = decide(report, interruption, limits);
        ObjectNode metadata = result.metadata().deepCopy();
        metadata.put(ErrorTypes.META_EXECUTION_TIME_MS, elapsedMs);
        metadata.put(ErrorTypes.META_STDERR, report.stderr());
        metadata.put(ErrorTypes.META_EXECUTION_MODE, handler.mode().wireName());
        metadata.put(ErrorTypes.META_MODULE_DIGEST, handler.digest());
        return new ExecutionOutcome(result.withMetadata(metadata), report.stderr(), elapsedMs, handler.mode());
    }

    private static StepResult decide(GuestRun.Report report, Interruption interruption, RuntimeLimits limits) {
        switch (interruption) {
            case TIMED_OUT -> {
                return StepResult.failure(ErrorTypes.HANDLER_TIMEOUT, "handler exceeded its timeout of "
                        + limits.timeout().toMillis() + " ms and was stopped", true);
            }
            case SHUT_DOWN -> {
                return StepResult.failure(ErrorTypes.HANDLER_UNAVAILABLE,
                        "the handler runtime shut down while the handler was running", true);
            }
            case NONE -> {
                // classified below
            }
        }
        if (report.stdoutOverflowed()) {
            return outputTooLarge("stdout", limits.maxStdoutBytes());
        }
        if (report.stderrOverflowed()) {
            return outputTooLarge("stderr", limits.maxStderrBytes());
        }
        String parseError = null;
        if (report.failure() == null) {
            try {
                return ContractJson.readResult(report.stdout());
            } catch (InvalidStepResultException e) {
                parseError = e.getMessage();
            }
        }
        if (report.memoryRefusal() != null || GuestRun.find(report.failure(), OutOfMemoryError.class) != null) {
            String what = report.memoryRefusal() != null ? report.memoryRefusal() : "the JVM heap was exhausted";
            return StepResult.failure(ErrorTypes.MEMORY_LIMIT_EXCEEDED, "handler ran out of memory: " + what, false);
        }
        if (report.failure() != null) {
            return StepResult.failure(ErrorTypes.HANDLER_TRAP, describeTrap(report.failure()), false);
        }
        if (report.exitCode() != null && report.exitCode() != 0) {
            ObjectNode metadata = JsonNodeFactory.instance.objectNode().put(ErrorTypes.META_EXIT_CODE, report.exitCode());
            return StepResult.failure(ErrorTypes.HANDLER_EXIT, "handler exited with code " + report.exitCode()
                    + " without a valid step result on stdout (" + parseError + ")", false)
                    .withMetadata(metadata);
        }
        return StepResult.failure(ErrorTypes.INVALID_OUTPUT, "stdout is not a valid step result: " + parseError, false);
    }

    private static StepResult outputTooLarge(String stream, int cap) {
        return StepResult.failure(ErrorTypes.OUTPUT_TOO_LARGE,
                "handler wrote more than " + cap + " bytes to " + stream + " and was stopped", false);
    }

    private static String describeTrap(Throwable failure) {
        if (GuestRun.find(failure, StackOverflowError.class) != null) {
            return "handler trapped: call stack exhausted (unbounded recursion?)";
        }
        UninstantiableException instantiation = GuestRun.find(failure, UninstantiableException.class);
        if (instantiation != null) {
            return "handler could not be instantiated: " + instantiation.getMessage();
        }
        String message = failure.getMessage();
        return "handler trapped: " + (message == null || message.isBlank() ? failure.getClass().getSimpleName() : message);
    }
}
