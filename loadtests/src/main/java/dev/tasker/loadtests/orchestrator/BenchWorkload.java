package dev.tasker.loadtests.orchestrator;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tasker.loadtests.client.OrchestratorClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What the orchestrator benchmarks run: handler {@value #HANDLER} (WAT source {@code handlers/bench_noop.wat},
 * compiled with Chicory's wabt; it drains stdin and answers {@code {"success":true,"result":{}}}) and the task
 * templates of {@link Shape}, all in namespace {@value #NAMESPACE}.
 */
public final class BenchWorkload {

    /** Namespace of the benchmark templates. */
    public static final String NAMESPACE = "bench";
    /** Name the no-op handler is deployed under. */
    public static final String HANDLER = "bench_noop";

    /** The benchmark task templates. */
    public enum Shape {
        /** step_a → step_b → step_c → step_d. */
        LINEAR4("linear4", "linear-4", 4, "templates/bench_linear4.yaml"),
        /** step_a → {step_b, step_c} → step_d. */
        DIAMOND4("diamond4", "diamond-4", 4, "templates/bench_diamond4.yaml");

        private final String templateName;
        private final String label;
        private final int steps;
        private final String resource;

        Shape(String templateName, String label, int steps, String resource) {
            this.templateName = templateName;
            this.label = label;
            this.steps = steps;
            this.resource = resource;
        }

        /** @return the template's {@code name} */
        public String templateName() {
            return templateName;
        }

        /** @return a short label for result tables, e.g. {@code linear-4} */
        public String label() {
            return label;
        }

        /** @return number of workflow steps per task */
        public int steps() {
            return steps;
        }

        /** @return the template YAML */
        public String yaml() {
            return new String(resource(resource), StandardCharsets.UTF_8);
        }
    }

    private BenchWorkload() {
    }

    /**
     * @return the no-op handler module, compiled from WAT
     * @throws RuntimeException from wabt when the WAT source does not compile
     */
    public static byte[] handlerModule() {
        return Wat2Wasm.parse(new String(resource("handlers/bench_noop.wat"), StandardCharsets.UTF_8));
    }

    /**
     * Deploys the handler (live) and registers every {@link Shape} template. Idempotent.
     *
     * @param client the orchestrator
     */
    public static void deploy(OrchestratorClient client) {
        client.deployHandler(HANDLER, handlerModule());
        for (Shape shape : Shape.values()) {
            client.registerTemplate(shape.yaml());
        }
    }

    /**
     * A task context unique to one task of a run (the orchestrator rejects a second task with the same template and
     * context as a duplicate).
     *
     * @param runId    identifies the benchmark run
     * @param sequence number of the task in the run
     * @return {@code {"run": runId, "seq": sequence}}
     */
    public static JsonNode context(String runId, long sequence) {
        return JsonNodeFactory.instance.objectNode().put("run", runId).put("seq", sequence);
    }

    private static byte[] resource(String name) {
        try (InputStream in = BenchWorkload.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + name, e);
        }
    }
}
