package dev.tasker.runtime;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
     * An order-processing invocation of realistic size: {@code lines} order lines in the task context
     * (about 2 KB for 18 lines) and one dependency result.
     *
     * @param lines number of order lines
     * @return the invocation
     */
    public static StepInvocation orderInvocation(int lines) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode context = json.objectNode().put("order_id", 480_112).put("currency", "EUR");
        context.putObject("customer").put("id", "C-2291").put("name", "ACME \"Corp\"").put("tier", 2);
        ArrayNode items = context.putArray("lines");
        for (int i = 1; i <= lines; i++) {
            items.addObject().put("sku", "SKU-%05d".formatted(i)).put("qty", i % 7 + 1)
                    .put("price_cents", 199 + 37 * i).put("discount", -(i % 3) * 25).put("weight_kg", 0.25 * i);
        }
        return new StepInvocation(
                StepInvocation.CONTRACT_VERSION,
                new StepInvocation.TaskInfo(UUID.fromString("0b7c3e4e-2f47-4f4a-9d3c-6f7f1f1b2a10"), "orders",
                        "process_order", "1.0.0", context, "req-480112"),
                new StepInvocation.StepInfo(UUID.fromString("5f0e9a51-6c2d-4b1e-8d7a-2f1f6b7c8d90"), "price_order",
                        1, 3, null, null),
                json.objectNode().put("tax_rate", 0.19).put("rounding", "half_even"),
                Map.of("validate_order", json.objectNode().put("valid", true).put("checked_rules", 12)));
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
