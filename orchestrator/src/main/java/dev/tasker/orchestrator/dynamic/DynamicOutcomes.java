package dev.tasker.orchestrator.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.json.Json;
import dev.tasker.orchestrator.task.StepFactory;
import dev.tasker.orchestrator.template.StepDefinition;
import dev.tasker.orchestrator.template.StepType;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.template.TemplateGraph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the outcomes of decision and batchable steps (DESIGN §4) and turns them into the workflow steps to create.
 *
 * <ul>
 *   <li>{@code decision_point_outcome}: {@code {"type":"no_branches"}} or
 *       {@code {"type":"create_steps","step_names":[...]}} (names of the decision's branches);</li>
 *   <li>{@code batch_processing_outcome}: {@code {"type":"no_batches"}} or {@code {"type":"create_batches",
 *       "worker_template_name","worker_count","cursor_configs":[{"batch_id","start_cursor","end_cursor",
 *       "batch_size"}],"total_items"}}: one {@code batch_worker} step per cursor, named
 *       {@code {worker_template_name}_{batch_id}}, with inputs {@code {"cursor": <config>, "is_no_op": false}};
 *       {@code no_batches} creates {@code {worker_template}_000} with {@code {"is_no_op": true}}.</li>
 * </ul>
 * Descendants are added as {@link TemplateGraph} says (e.g. the {@code deferred_convergence} step).
 */
public final class DynamicOutcomes {

    private static final Pattern STEP_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,127}$");

    private DynamicOutcomes() {
    }

    /** An outcome a handler returned that does not fit its step (the step fails with {@code invalid_output}). */
    public static class InvalidOutcomeException extends Exception {
        InvalidOutcomeException(String message) {
            super(message);
        }
    }

    /**
     * @param template     the task's template
     * @param templateStep the step that returned the outcome
     * @param result       the step result JSON ({@code ContractJson.toJson}: top-level outcome fields)
     * @param existing     template step names that already exist in the task
     * @return the steps to create, parents first (empty when the step is neither decision nor batchable, or the
     *         outcome creates nothing)
     * @throws InvalidOutcomeException when a decision or batchable step returned no outcome or one that breaks
     *                                 the rules above (unknown branch, unknown worker template, duplicate or
     *                                 malformed batch ids)
     */
    public static List<StepFactory.NewStep> stepsToCreate(TaskTemplate template, String templateStep, JsonNode result,
                                                          Set<String> existing) throws InvalidOutcomeException {
        StepDefinition step = template.step(templateStep).orElseThrow();
        TemplateGraph graph = new TemplateGraph(template);
        if (step.type() == StepType.DECISION) {
            return decision(graph, templateStep, outcome(result, "decision_point_outcome"), existing);
        }
        if (step.type() == StepType.BATCHABLE) {
            return batch(graph, step, outcome(result, "batch_processing_outcome"), existing);
        }
        return List.of();
    }

    private static JsonNode outcome(JsonNode result, String field) throws InvalidOutcomeException {
        JsonNode outcome = result == null ? null : result.get(field);
        if (outcome == null || !outcome.isObject() || !outcome.path("type").isTextual()) {
            throw new InvalidOutcomeException("the step must return " + field + " with a \"type\"");
        }
        return outcome;
    }

    private static List<StepFactory.NewStep> decision(TemplateGraph graph, String decision, JsonNode outcome,
                                                      Set<String> existing) throws InvalidOutcomeException {
        String type = outcome.get("type").textValue();
        if (type.equals("no_branches")) {
            return List.of();
        }
        if (!type.equals("create_steps") || !outcome.path("step_names").isArray()) {
            throw new InvalidOutcomeException("decision_point_outcome must be {\"type\":\"no_branches\"} or "
                    + "{\"type\":\"create_steps\",\"step_names\":[...]}, got " + outcome);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (JsonNode name : outcome.get("step_names")) {
            if (!name.isTextual()) {
                throw new InvalidOutcomeException("decision_point_outcome.step_names holds a non-string: " + name);
            }
            chosen.add(name.textValue());
        }
        try {
            return graph.stepsCreatedByDecision(decision, chosen, existing).stream()
                    .map(name -> new StepFactory.NewStep(name, name, null)).toList();
        } catch (IllegalArgumentException e) {
            throw new InvalidOutcomeException(e.getMessage());
        }
    }

    private static List<StepFactory.NewStep> batch(TemplateGraph graph, StepDefinition batchable, JsonNode outcome,
                                                   Set<String> existing) throws InvalidOutcomeException {
        String type = outcome.get("type").textValue();
        List<String> workerTemplates = graph.batchWorkerTemplates(batchable.name());
        List<JsonNode> cursors = new ArrayList<>();
        String worker;
        if (type.equals("no_batches")) {
            worker = outcome.path("worker_template_name").isTextual() ? outcome.get("worker_template_name").textValue()
                    : configuredWorker(batchable, workerTemplates);
        } else if (type.equals("create_batches")) {
            worker = outcome.path("worker_template_name").asText(null);
            if (!outcome.path("cursor_configs").isArray() || outcome.get("cursor_configs").isEmpty()) {
                throw new InvalidOutcomeException("create_batches needs a non-empty cursor_configs array");
            }
            outcome.get("cursor_configs").forEach(cursors::add);
            JsonNode count = outcome.get("worker_count");
            if (count != null && count.isNumber() && count.asInt() != cursors.size()) {
                throw new InvalidOutcomeException("worker_count is " + count.asInt() + " but cursor_configs has "
                        + cursors.size() + " entries");
            }
        } else {
            throw new InvalidOutcomeException("batch_processing_outcome.type must be no_batches or create_batches, got '"
                    + type + "'");
        }
        if (worker == null || !workerTemplates.contains(worker)) {
            throw new InvalidOutcomeException("worker_template_name must be one of " + workerTemplates + ", got '"
                    + worker + "'");
        }
        List<String> toCreate;
        try {
            toCreate = graph.stepsCreatedByBatch(batchable.name(), worker, existing);
        } catch (IllegalArgumentException e) {
            throw new InvalidOutcomeException(e.getMessage());
        }
        List<StepFactory.NewStep> steps = new ArrayList<>();
        for (String templateStep : toCreate) {
            if (templateStep.equals(worker)) {
                steps.addAll(type.equals("no_batches") ? List.of(noOpWorker(worker)) : workers(worker, cursors));
            } else {
                steps.add(new StepFactory.NewStep(templateStep, templateStep, null));
            }
        }
        return steps;
    }

    private static String configuredWorker(StepDefinition batchable, List<String> workerTemplates) {
        JsonNode configured = batchable.batchConfig() == null ? null : batchable.batchConfig().get("worker_template");
        if (configured != null && configured.isTextual()) {
            return configured.textValue();
        }
        return workerTemplates.size() == 1 ? workerTemplates.get(0) : null;
    }

    private static StepFactory.NewStep noOpWorker(String worker) {
        return new StepFactory.NewStep(worker + "_000", worker, Json.object("is_no_op", true));
    }

    private static List<StepFactory.NewStep> workers(String worker, List<JsonNode> cursors) throws InvalidOutcomeException {
        List<StepFactory.NewStep> steps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode cursor : cursors) {
            JsonNode batchId = cursor.get("batch_id");
            if (!cursor.isObject() || batchId == null || !(batchId.isTextual() || batchId.isIntegralNumber())) {
                throw new InvalidOutcomeException("every cursor_configs entry needs a batch_id (string or integer): " + cursor);
            }
            String name = worker + "_" + batchId.asText();
            if (!STEP_NAME.matcher(name).matches() || !names.add(name)) {
                throw new InvalidOutcomeException("batch_id '" + batchId.asText() + "' gives "
                        + (names.contains(name) ? "a duplicate" : "an invalid") + " step name '" + name + "'");
            }
            steps.add(new StepFactory.NewStep(name, worker,
                    Json.object("cursor", cursor, "is_no_op", false)));
        }
        return steps;
    }
}
