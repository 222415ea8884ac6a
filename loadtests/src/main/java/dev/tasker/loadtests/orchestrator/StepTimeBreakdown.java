package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a workflow step's time goes once it can run, from a task's recorded transitions
 * ({@code GET /v1/tasks/{uuid}/transitions}) and its steps' dependencies ({@code GET /v1/tasks/{uuid}}).
 *
 * <p>Phases of one step on the happy path (DESIGN §3), each the gap between two recorded transitions:
 * <ul>
 *   <li>{@value #READY}: from the moment the step could run (its last parent's transition to {@code complete}, or
 *       the step's creation for a step without dependencies) to its transition to {@code enqueued};</li>
 *   <li>{@code enqueued}: waiting in the worker queue until a dispatcher claims it ({@code in_progress});</li>
 *   <li>{@code in_progress}: the handler running, until the result is queued
 *       ({@code enqueued_for_orchestration});</li>
 *   <li>{@code enqueued_for_orchestration}: until the result is processed ({@code complete}).</li>
 * </ul>
 * Other states a step passes through (e.g. {@code waiting_for_retry}) are added under their own names. For one task
 * a phase's time is the mean over its steps; {@link #medians()} gives the median of those means over the tasks.
 */
public final class StepTimeBreakdown {

    /** Name of the phase from "could run" to {@code enqueued}. */
    public static final String READY = "ready→enqueued";

    private final Map<String, List<Double>> perTaskMeansMs = new LinkedHashMap<>();

    /**
     * Adds one complete task.
     *
     * @param task        the task JSON; its {@code steps[]} give {@code name} and {@code dependencies}
     * @param transitions the transitions JSON: {@code {transitions: [{step_uuid, step_name, to_state, created_at}]}}
     *                    in recorded order (task transitions have no {@code step_uuid} and are skipped)
     * @throws IllegalArgumentException when a step never reaches {@code complete} or {@code enqueued}
     */
    public void add(JsonNode task, JsonNode transitions) {
        Map<String, List<JsonNode>> byStep = new LinkedHashMap<>();
        for (JsonNode t : transitions.path("transitions")) {
            if (t.hasNonNull("step_uuid")) {
                byStep.computeIfAbsent(t.path("step_name").asText(), s -> new ArrayList<>()).add(t);
            }
        }
        Map<String, Double> totalMs = new LinkedHashMap<>();
        for (JsonNode step : task.path("steps")) {
            String name = step.path("name").asText();
            List<JsonNode> history = byStep.getOrDefault(name, List.of());
            Instant readyAt = history.isEmpty() ? null : TaskStates.instant(history.getFirst(), "created_at");
            for (JsonNode parent : step.path("dependencies")) {
                Instant parentComplete = firstEntered(byStep.getOrDefault(parent.asText(), List.of()), "complete", name);
                readyAt = readyAt == null || parentComplete.isAfter(readyAt) ? parentComplete : readyAt;
            }
            totalMs.merge(READY, ms(readyAt, firstEntered(history, "enqueued", name)), Double::sum);
            for (int i = 1; i < history.size(); i++) {
                String state = history.get(i - 1).path("to_state").asText();
                if (!state.equals("pending")) {
                    totalMs.merge(state, ms(TaskStates.instant(history.get(i - 1), "created_at"),
                            TaskStates.instant(history.get(i), "created_at")), Double::sum);
                }
            }
        }
        int steps = task.path("steps").size();
        totalMs.forEach((phase, ms) -> perTaskMeansMs.computeIfAbsent(phase, p -> new ArrayList<>()).add(ms / steps));
    }

    /**
     * @return per phase, in the order first seen, the median over the added tasks of the mean time a step spent in
     * it, ms (tasks where no step was in a phase count for nothing in it)
     */
    public Map<String, Double> medians() {
        Map<String, Double> medians = new LinkedHashMap<>();
        perTaskMeansMs.forEach((phase, values) -> {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            medians.put(phase, sorted[(sorted.length - 1) / 2]);
        });
        return medians;
    }

    private static Instant firstEntered(List<JsonNode> history, String state, String step) {
        for (JsonNode t : history) {
            if (t.path("to_state").asText().equals(state)) {
                return TaskStates.instant(t, "created_at");
            }
        }
        throw new IllegalArgumentException("no transition to " + state + " recorded for step " + step
                + " or one of its parents");
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
