package dev.tasker.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskViewTest {

    @Test
    void stepsComeAfterTheirDependenciesAndOtherwiseKeepTheirOrder() {
        JsonNode task = Json.parse("""
                {"steps":[
                  {"name":"charge","dependencies":["reserve"]},
                  {"name":"notify","dependencies":[]},
                  {"name":"reserve","dependencies":["validate"]},
                  {"name":"ship","dependencies":["charge","reserve"]},
                  {"name":"validate","dependencies":[]},
                  {"name":"converge","dependencies":["branch_not_created","validate"]}
                ]}""", "task");
        assertThat(TaskView.stepsInDependencyOrder(task)).extracting(s -> s.path("name").asText())
                .containsExactly("notify", "validate", "reserve", "charge", "ship", "converge");
    }

    @Test
    void errorsReadTypeThenMessageAndResultsAreCut() {
        JsonNode failed = Json.parse("{\"error\":{\"message\":\"card declined\",\"error_type\":\"payment_declined\"},"
                + "\"result\":null}", "step");
        assertThat(TaskView.detail(failed)).isEqualTo("payment_declined: card declined");
        JsonNode done = Json.parse("{\"error\":null,\"result\":{\"text\":\"" + "x".repeat(100) + "\"}}", "step");
        assertThat(TaskView.detail(done)).hasSize(TaskView.DETAIL_WIDTH).startsWith("{\"text\":\"xxx").endsWith("...");
    }
}
