package dev.tasker.orchestrator.workflow;

import dev.tasker.orchestrator.testing.TaskerApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example handlers of {@code handlers-examples} (real Rust, C and AssemblyScript modules, committed and built
 * from the sources next to them) and their task templates, run by the orchestrator end to end.
 */
@QuarkusTest
class ExampleHandlersEndToEndTest {

    private static final Path EXAMPLES = Path.of("..", "handlers-examples");
    private static final Duration WITHIN = Duration.ofSeconds(60);

    private static boolean deployed;

    /** Deploys every committed example module and registers every example template (once; the app runs by then). */
    @BeforeEach
    void deployExamples() throws IOException {
        if (deployed) {
            return;
        }
        for (String line : Files.readAllLines(EXAMPLES.resolve("wasm/handlers.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.trim().split("\\s+");
            TaskerApi.deploy(columns[0], Files.readAllBytes(EXAMPLES.resolve("wasm").resolve(columns[1])));
        }
        try (Stream<Path> templates = Files.list(EXAMPLES.resolve("templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                TaskerApi.registerTemplate(Files.readString(template));
            }
        }
        deployed = true;
    }

    private static JsonPath run(String namespace, String name, String context) {
        UUID task = TaskerApi.createTask(namespace, name, context);
        return TaskerApi.awaitTask(task, WITHIN, "complete", "error", "resolved_manually");
    }

    private static String context(String file) throws IOException {
        return Files.readString(EXAMPLES.resolve("contexts").resolve(file));
    }

    @Test
    void linearMathSquaresFourTimesExactly() {
        JsonPath done = run("math", "linear_math", "{\"even_number\": 6}");
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(done.getList("steps.result.value", String.class))
                .containsExactly("36", "1296", "1679616", BigInteger.valueOf(6).pow(16).toString());
    }

    @Test
    void diamondMathMultipliesItsBranches() {
        JsonPath done = run("math", "diamond_math", "{\"even_number\": 6}");
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(done.getString("steps.find { it.name == 'diamond_end' }.result.value"))
                .isEqualTo(BigInteger.valueOf(6).pow(8).toString());
    }

    @Test
    void datasetStatisticsFansOutBatchesAndAggregatesThem() throws IOException {
        JsonPath done = run("data_processing", "dataset_statistics", context("dataset-1000.json"));
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(done.getList("steps.name", String.class)).containsExactly("partition_dataset", "process_batch_001",
                "process_batch_002", "process_batch_003", "process_batch_004", "aggregate_results");
        assertThat(done.getInt("steps.find { it.name == 'aggregate_results' }.result.count")).isEqualTo(1000);
        assertThat(done.getInt("steps.find { it.name == 'aggregate_results' }.result.batches")).isEqualTo(4);
    }

    @Test
    void orderFulfillmentRunsHandlersInThreeLanguages() throws IOException {
        JsonPath done = run("ecommerce", "order_fulfillment", context("order-ok.json"));
        assertThat(done.getString("state")).isEqualTo("complete");
        assertThat(done.getList("steps.name", String.class))
                .containsExactly("validate_order", "reserve_inventory", "process_payment", "ship_order");
        assertThat(done.getString("steps.find { it.name == 'process_payment' }.result.status")).isEqualTo("captured");
        assertThat(done.getList("steps.handler", String.class))
                .isEqualTo(List.of("order_validate", "inventory_reserve", "payment_process", "order_ship"));
    }
}
