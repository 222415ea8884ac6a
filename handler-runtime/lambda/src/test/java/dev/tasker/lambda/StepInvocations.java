package dev.tasker.lambda;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepInvocation;
import java.util.Map;
import java.util.UUID;

/** Step invocations (contract v1) for the example handler ({@code src/main/wat/example-handler.wat}). */
public final class StepInvocations {
    private StepInvocations() {
    }

    /**
     * A step invocation JSON whose step config is {@code {"mode": mode, "message": message}}; the example
     * handler echoes the message, or fails / loops / traps for modes {@code fail} / {@code loop} / {@code trap}.
     */
    public static byte[] forExampleHandler(String mode, String message) {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("mode", mode).put("message", message);
        ObjectNode context = JsonNodeFactory.instance.objectNode().put("order_id", 42);
        return ContractJson.writeInvocation(new StepInvocation(StepInvocation.CONTRACT_VERSION,
                new StepInvocation.TaskInfo(UUID.randomUUID(), "examples", "lambda_demo", "1.0.0", context, "corr-1"),
                new StepInvocation.StepInfo(UUID.randomUUID(), "echo_step", 1, 3, null, null),
                config, Map.of()));
    }
}
