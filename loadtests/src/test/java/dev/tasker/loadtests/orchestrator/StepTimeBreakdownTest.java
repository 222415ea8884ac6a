package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepTimeBreakdownTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void phasesOfAChainAreMeasuredFromTheParentsCompletion() {
        // a: created at 0, enqueued 2, in_progress 6, result queued 8, complete 12
        // b (depends on a): created at 0, enqueued 16 (4 ms after a completed), in_progress 18, queued 20, complete 30
        JsonNode task = task(Map.of("a", List.of(), "b", List.of("a")));
        ArrayNode transitions = JSON.createArrayNode();
        taskTransition(transitions, "pending", 0);
        stepTransitions(transitions, "a", 0, 2, 6, 8, 12);
        stepTransitions(transitions, "b", 0, 16, 18, 20, 30);

        StepTimeBreakdown breakdown = new StepTimeBreakdown();
        breakdown.add(task, JSON.createObjectNode().set("transitions", transitions));

        assertThat(breakdown.medians()).containsExactly(
                Map.entry(StepTimeBreakdown.READY, 3.0),          // (2 + 4) / 2
                Map.entry("enqueued", 3.0),                       // (4 + 2) / 2
                Map.entry("in_progress", 2.0),                    // (2 + 2) / 2
                Map.entry("enqueued_for_orchestration", 7.0));    // (4 + 10) / 2
    }

    @Test
    void medianIsTakenOverTasks() {
        StepTimeBreakdown breakdown = new StepTimeBreakdown();
        for (int enqueuedMs : new int[] {5, 1, 9}) {
            ArrayNode transitions = JSON.createArrayNode();
            stepTransitions(transitions, "a", 0, 1, 1 + enqueuedMs, 2 + enqueuedMs, 3 + enqueuedMs);
            breakdown.add(task(Map.of("a", List.of())), JSON.createObjectNode().set("transitions", transitions));
        }

        assertThat(breakdown.medians()).containsEntry("enqueued", 5.0);
    }

    @Test
    void stepThatWasNeverEnqueuedIsReported() {
        ArrayNode transitions = JSON.createArrayNode();
        transition(transitions, "a", "pending", 0);

        assertThatThrownBy(() -> new StepTimeBreakdown().add(task(Map.of("a", List.of())),
                JSON.createObjectNode().set("transitions", transitions)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no transition to enqueued recorded for step a");
    }

    private static JsonNode task(Map<String, List<String>> dependencies) {
        ObjectNode task = JSON.createObjectNode();
        ArrayNode steps = task.putArray("steps");
        dependencies.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode step = steps.addObject().put("name", e.getKey());
            e.getValue().forEach(step.putArray("dependencies")::add);
        });
        return task;
    }

    private static void stepTransitions(ArrayNode transitions, String step, int... atMs) {
        String[] states = {"pending", "enqueued", "in_progress", "enqueued_for_orchestration", "complete"};
        for (int i = 0; i < atMs.length; i++) {
            transition(transitions, step, states[i], atMs[i]);
        }
    }

    private static void taskTransition(ArrayNode transitions, String state, int atMs) {
        transitions.addObject().put("entity", "task").putNull("step_uuid").put("to_state", state)
                .put("created_at", T0.plusMillis(atMs).toString());
    }

    private static void transition(ArrayNode transitions, String step, String state, int atMs) {
        transitions.addObject().put("entity", "workflow_step").put("step_uuid", "uuid-" + step).put("step_name", step)
                .put("to_state", state).put("created_at", T0.plusMillis(atMs).toString());
    }
}
