package dev.tasker.examples;

import static dev.tasker.examples.Invocations.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.examples.WorkflowSimulator.Run;
import dev.tasker.examples.WorkflowSimulator.StepRun;
import dev.tasker.examples.WorkflowSimulator.TaskState;
import dev.tasker.runtime.contract.StepResult.Failure;
import dev.tasker.runtime.contract.StepResult.Success;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The batch example {@code data_processing/dataset_statistics}: a batchable C step partitions the
 * dataset, AssemblyScript batch workers process cursor ranges, a Rust deferred_convergence step
 * aggregates. Expected statistics are recomputed here item by item.
 */
class DatasetStatisticsTest {

    @RegisterExtension
    static final HandlerHarness harness = new HandlerHarness();
    private static final WorkflowSimulator simulator = new WorkflowSimulator(harness);

    /** The synthetic dataset's reading of item i: ((i * 2654435761) mod 2^32) mod 1000. */
    private static long reading(long index) {
        return Integer.toUnsignedLong((int) index * (int) 2654435761L) % 1000;
    }

    private static void assertStatistics(JsonNode aggregate, long totalItems) {
        long sum = 0;
        long sumOfSquares = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long i = 0; i < totalItems; i++) {
            long r = reading(i);
            sum += r;
            sumOfSquares += r * r;
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        assertThat(aggregate.path("count").asLong()).isEqualTo(totalItems);
        assertThat(aggregate.path("sum").asText()).isEqualTo(Long.toString(sum));
        assertThat(aggregate.path("sum_of_squares").asText()).isEqualTo(Long.toString(sumOfSquares));
        assertThat(aggregate.path("min").asLong()).isEqualTo(min);
        assertThat(aggregate.path("max").asLong()).isEqualTo(max);
        assertThat(aggregate.path("mean").asText()).isEqualTo(
                BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(totalItems), 3, RoundingMode.HALF_UP).toPlainString());
    }

    @Test
    void thousandItemsRunInFourBatchesAndAggregateExactly() {
        Run run = simulator.run(ExampleFiles.template("dataset_statistics.yaml"), ExampleFiles.context("dataset-1000.json"));

        assertThat(run.state()).isEqualTo(TaskState.COMPLETE);
        assertThat(run.steps().keySet()).containsExactly("partition_dataset", "process_batch_001", "process_batch_002",
                "process_batch_003", "process_batch_004", "aggregate_results");
        Success partition = (Success) run.step("partition_dataset").last();
        assertThat(partition.batchProcessingOutcome()).isEqualTo(json("""
                {"type": "create_batches", "worker_template_name": "process_batch", "worker_count": 4,
                 "cursor_configs": [
                   {"batch_id": "001", "start_cursor": 0, "end_cursor": 250, "batch_size": 250},
                   {"batch_id": "002", "start_cursor": 250, "end_cursor": 500, "batch_size": 250},
                   {"batch_id": "003", "start_cursor": 500, "end_cursor": 750, "batch_size": 250},
                   {"batch_id": "004", "start_cursor": 750, "end_cursor": 1000, "batch_size": 250}],
                 "total_items": 1000}"""));
        assertThat(run.step("process_batch_003").result().path("count").asInt()).isEqualTo(250);
        assertThat(run.step("aggregate_results").result().path("batches").asInt()).isEqualTo(4);
        assertStatistics(run.step("aggregate_results").result(), 1000);
    }

    @Test
    void largeDatasetsGrowTheBatchSizeInsteadOfTheWorkerCount() {
        Run run = simulator.run(ExampleFiles.template("dataset_statistics.yaml"),
                json("{\"dataset\": \"big\", \"total_items\": 1000000}"));

        assertThat(run.state()).isEqualTo(TaskState.COMPLETE);
        JsonNode partition = run.step("partition_dataset").result();
        assertThat(partition.path("worker_count").asInt()).isEqualTo(8);
        assertThat(partition.path("batch_size").asInt()).isEqualTo(125_000);
        assertStatistics(run.step("aggregate_results").result(), 1_000_000);
    }

    @Test
    void emptyDatasetRunsOneNoOpWorker() {
        Run run = simulator.run(ExampleFiles.template("dataset_statistics.yaml"), json("{\"total_items\": 0}"));

        assertThat(run.state()).isEqualTo(TaskState.COMPLETE);
        Success partition = (Success) run.step("partition_dataset").last();
        assertThat(partition.batchProcessingOutcome()).isEqualTo(json("{\"type\": \"no_batches\"}"));
        assertThat(run.step("process_batch_000").inputs()).isEqualTo(json("{\"is_no_op\": true}"));
        JsonNode aggregate = run.step("aggregate_results").result();
        assertThat(aggregate.path("count").asLong()).isZero();
        assertThat(aggregate.path("mean").isNull()).isTrue();
        assertThat(aggregate.has("min")).isTrue();
        assertThat(aggregate.path("min").isNull()).isTrue();
    }

    @Test
    void aggregationRefusesBatchesThatDoNotCoverTheDataset() {
        Run run = simulator.run(ExampleFiles.template("dataset_statistics.yaml"), ExampleFiles.context("dataset-1000.json"));
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (StepRun step : run.steps().values()) {
            if (!step.name().equals("aggregate_results") && !step.name().equals("process_batch_002")) {
                results.put(step.name(), step.result());
            }
        }

        Failure failure = (Failure) harness.run("dataset_aggregate", Invocations.step("aggregate_results")
                .config(json("{\"partition_step\": \"partition_dataset\"}")).dependencies(results).build());

        assertThat(failure.error().errorType()).isEqualTo("incomplete_batches");
        assertThat(failure.error().retryable()).isFalse();
        assertThat(failure.error().message()).isEqualTo("batch results do not cover the dataset: expected a batch "
                + "starting at 250, got [500, 750) with 250 items");
    }

    @Test
    void totalItemsOutOfRangeIsAValidationError() {
        Run run = simulator.run(ExampleFiles.template("dataset_statistics.yaml"), json("{\"total_items\": -1}"));

        Failure failure = (Failure) run.step("partition_dataset").last();
        assertThat(failure.error().errorType()).isEqualTo("validation_error");
        assertThat(failure.error().message()).isEqualTo("context.total_items must be an integer from 0 to 1000000");
    }

    @Test
    void batchWorkerOutsideABatchIsAValidationError() {
        Failure failure = (Failure) harness.run("dataset_process_batch", Invocations.step("process_batch").build());

        assertThat(failure.error().errorType()).isEqualTo("validation_error");
        assertThat(failure.error().message())
                .isEqualTo("step.inputs is null: dataset_process_batch runs as a batch_worker step");
    }
}
