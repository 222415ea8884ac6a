package dev.tasker.lambda;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.InvalidStepResultException;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult;
import java.util.Map;
import java.util.UUID;

/**
 * Init-phase priming of the contract JSON code paths the first invocation needs (Jackson's mapper
 * bootstrap, step invocation records, step result trees): round-trips a synthetic invocation and both
 * result shapes through {@link ContractJson}. No handler runs.
 *
 * <p>Why: on a cold JVM these paths cost more than running a small handler (hundreds of classes to load
 * and link). The function runs this on a second thread while the module loads, so the work overlaps
 * module loading instead of adding to the first invocation; under Lambda SnapStart it lands in the snapshot.
 */
final class ContractJsonWarmup {

    private ContractJsonWarmup() {
    }

    /** Starts the warm-up on a daemon thread; join it before serving. */
    static Thread start() {
        Thread thread = new Thread(ContractJsonWarmup::run, "tasker-contract-json-warmup");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void run() {
        var json = JsonNodeFactory.instance;
        var invocation = new StepInvocation(StepInvocation.CONTRACT_VERSION,
                new StepInvocation.TaskInfo(new UUID(0, 1), "warmup", "warmup", "0.0.0", json.objectNode(), null),
                new StepInvocation.StepInfo(new UUID(0, 2), "warmup", 1, 1, null, null),
                json.objectNode().put("warmup", true), Map.of("previous", json.objectNode()));
        ContractJson.readInvocation(ContractJson.writeInvocation(invocation));
        try {
            ContractJson.readResult(ContractJson.writeResult(StepResult.success(json.objectNode())));
            ContractJson.readResult(ContractJson.writeResult(StepResult.failure("warmup", "warmup", false)));
        } catch (InvalidStepResultException e) {
            throw new IllegalStateException("contract JSON warm-up produced an invalid result", e);
        }
    }
}
