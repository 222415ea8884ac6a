package dev.tasker.runtime;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tasker.runtime.contract.StepInvocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Test modules compiled from the WAT sources in {@code src/test/resources/wat} with Chicory's wabt. */
public final class Fixtures {

    private static final Map<String, byte[]> MODULES = new ConcurrentHashMap<>();

    private Fixtures() {}

    /**
     * @param name a file name in {@code wat/} without {@code .wat}
     * @return the module bytes (a fresh copy)
     */
    public static byte[] wasm(String name) {
        return MODULES.computeIfAbsent(name, Fixtures::compile).clone();
    }

    private static byte[] compile(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wat/" + name + ".wat")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture wat/" + name + ".wat");
            }
            return Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param n the value the echo handler reads from {@code task.context.n}
     * @return an invocation as the orchestrator would build it
     */
    public static StepInvocation invocation(long n) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        JsonNode context = json.objectNode().put("n", n).put("customer", "ACME Corp");
        return new StepInvocation(
                StepInvocation.CONTRACT_VERSION,
                new StepInvocation.TaskInfo(UUID.randomUUID(), "orders", "process_order", "1.0.0", context, "corr-" + n),
                new StepInvocation.StepInfo(UUID.randomUUID(), "validate_order", 1, 3, null, null),
                json.objectNode().put("strict", true),
                Map.of("fetch_order", json.objectNode().put("order_id", 17)));
    }
}
