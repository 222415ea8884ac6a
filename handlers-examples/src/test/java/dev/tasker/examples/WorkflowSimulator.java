package dev.tasker.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.runtime.contract.StepResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Drives one task of an example task template through the real example handlers, in dependency
 * order, the way the orchestrator does (DESIGN §3-§4) but without a database or queues: so the
 * templates, their {@code initialization} maps and the handlers are tested together.
 *
 * <p>Semantics followed: a step runs once all its parents are complete; its invocation carries the
 * results of all its completed ancestors; a retryable failure is retried (attempt + 1, no backoff
 * wait) while the step's {@code retry} allows ({@code retryable}, {@code max_attempts}, defaults true
 * and 3); a non-retryable or last failure stops the task in {@code error}. A {@code batchable} step's
 * {@code batch_processing_outcome} creates one instance of the {@code batch_worker} step per cursor
 * ({@code <worker>_<batch_id>}, inputs {@code {"cursor":..., "is_no_op":false}}, or
 * {@code <worker>_000} with {@code {"is_no_op":true}} for {@code no_batches}); a step depending on the
 * worker step then depends on those instances. Decision points are not simulated (no example uses one).
 */
final class WorkflowSimulator {

    /** Final task state. */
    enum TaskState { COMPLETE, ERROR }

    /** One workflow step as run: every attempt's result in order. */
    record StepRun(String name, String handler, JsonNode inputs, List<StepResult> attempts) {

        /** @return the result of the last attempt */
        StepResult last() {
            return attempts.getLast();
        }

        /** @return the {@code result} of the successful last attempt */
        JsonNode result() {
            if (!(last() instanceof StepResult.Success success)) {
                throw new AssertionError("step " + name + " did not succeed: " + last());
            }
            return success.result();
        }
    }

    /** A finished task: its state and its steps in execution order. */
    record Run(UUID taskUuid, TaskState state, Map<String, StepRun> steps) {

        /** @return the run of step {@code name} */
        StepRun step(String name) {
            StepRun run = steps.get(name);
            if (run == null) {
                throw new AssertionError("step " + name + " did not run; ran: " + steps.keySet());
            }
            return run;
        }
    }

    private record StepDefinition(String name, String handler, JsonNode initialization, List<String> dependencies,
                                  String type, boolean retryable, int maxAttempts) {}

    private record Instance(String name, StepDefinition definition, List<String> parents, JsonNode inputs) {}

    private final HandlerHarness harness;

    WorkflowSimulator(HandlerHarness harness) {
        this.harness = harness;
    }

    /** Runs a task of {@code template} (a parsed task template) with {@code context} to its end. */
    Run run(JsonNode template, JsonNode context) {
        Map<String, StepDefinition> definitions = new LinkedHashMap<>();
        template.path("steps").forEach(step -> definitions.put(step.path("name").asText(), definition(step)));
        Set<String> workerSteps = new LinkedHashSet<>();
        definitions.values().stream().filter(d -> d.type().equals("batch_worker")).forEach(d -> workerSteps.add(d.name()));

        Map<String, Instance> instances = new LinkedHashMap<>();
        for (StepDefinition d : definitions.values()) {
            if (!workerSteps.contains(d.name()) && d.dependencies().stream().noneMatch(workerSteps::contains)) {
                instances.put(d.name(), new Instance(d.name(), d, d.dependencies(), null));
            }
        }

        UUID taskUuid = UUID.randomUUID();
        Map<String, StepRun> runs = new LinkedHashMap<>();
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Instance next;
        while ((next = nextReady(instances, runs)) != null) {
            StepRun run = runWithRetries(template, taskUuid, context, next, ancestorResults(next, instances, results));
            runs.put(next.name(), run);
            if (!(run.last() instanceof StepResult.Success success)) {
                return new Run(taskUuid, TaskState.ERROR, runs);
            }
            results.put(next.name(), success.result());
            if (next.definition().type().equals("batchable")) {
                createBatchWorkers(next.name(), success.batchProcessingOutcome(), definitions, instances);
            }
        }
        boolean allComplete = instances.keySet().stream().allMatch(results::containsKey);
        return new Run(taskUuid, allComplete ? TaskState.COMPLETE : TaskState.ERROR, runs);
    }

    private static StepDefinition definition(JsonNode step) {
        JsonNode deps = step.has("dependencies") ? step.get("dependencies") : step.path("depends_on");
        List<String> dependencies = new ArrayList<>();
        deps.forEach(d -> dependencies.add(d.asText()));
        String callable = step.path("handler").path("callable").asText();
        JsonNode init = step.path("handler").path("initialization");
        JsonNode retry = step.path("retry");
        return new StepDefinition(step.path("name").asText(), callable.split("@")[0],
                init.isObject() ? init : JsonNodeFactory.instance.objectNode(), dependencies,
                step.path("type").asText("standard"), retry.path("retryable").asBoolean(true),
                retry.path("max_attempts").asInt(3));
    }

    private static Instance nextReady(Map<String, Instance> instances, Map<String, StepRun> runs) {
        return instances.values().stream()
                .filter(i -> !runs.containsKey(i.name()))
                .filter(i -> i.parents().stream().allMatch(p -> runs.containsKey(p) && runs.get(p).last().isSuccess()))
                .findFirst().orElse(null);
    }

    private static Map<String, JsonNode> ancestorResults(Instance instance, Map<String, Instance> instances,
                                                         Map<String, JsonNode> results) {
        Set<String> ancestors = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(instance.parents());
        while (!pending.isEmpty()) {
            String parent = pending.removeLast();
            if (ancestors.add(parent)) {
                pending.addAll(instances.get(parent).parents());
            }
        }
        Map<String, JsonNode> ancestorResults = new LinkedHashMap<>();
        ancestors.stream().sorted().forEach(a -> ancestorResults.put(a, results.get(a)));
        return ancestorResults;
    }

    private StepRun runWithRetries(JsonNode template, UUID taskUuid, JsonNode context, Instance instance,
                                   Map<String, JsonNode> dependencyResults) {
        StepDefinition d = instance.definition();
        List<StepResult> attempts = new ArrayList<>();
        for (int attempt = 1; attempt <= d.maxAttempts(); attempt++) {
            StepResult result = harness.run(d.handler(), Invocations.step(instance.name())
                    .task(taskUuid).context(context).config(d.initialization()).inputs(instance.inputs())
                    .attempt(attempt, d.maxAttempts()).dependencies(dependencyResults)
                    .build(template.path("namespace_name").asText(), template.path("name").asText(),
                            template.path("version").asText()));
            attempts.add(result);
            if (!(result instanceof StepResult.Failure failure) || !failure.error().retryable() || !d.retryable()) {
                break;
            }
        }
        return new StepRun(instance.name(), d.handler(), instance.inputs(), attempts);
    }

    private static void createBatchWorkers(String batchable, JsonNode outcome, Map<String, StepDefinition> definitions,
                                           Map<String, Instance> instances) {
        if (outcome == null) {
            throw new AssertionError("batchable step " + batchable + " returned no batch_processing_outcome");
        }
        String type = outcome.path("type").asText();
        StepDefinition worker = definitions.values().stream()
                .filter(d -> d.type().equals("batch_worker") && d.dependencies().contains(batchable))
                .filter(d -> type.equals("no_batches") || d.name().equals(outcome.path("worker_template_name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no batch_worker step for outcome " + outcome));
        List<String> created = new ArrayList<>();
        if (type.equals("no_batches")) {
            ObjectNode inputs = JsonNodeFactory.instance.objectNode().put("is_no_op", true);
            created.add(worker.name() + "_000");
            instances.put(created.getLast(), new Instance(created.getLast(), worker, List.of(batchable), inputs));
        } else {
            for (JsonNode cursor : outcome.path("cursor_configs")) {
                ObjectNode inputs = JsonNodeFactory.instance.objectNode();
                inputs.set("cursor", cursor);
                inputs.put("is_no_op", false);
                created.add(worker.name() + "_" + cursor.path("batch_id").asText());
                instances.put(created.getLast(), new Instance(created.getLast(), worker, List.of(batchable), inputs));
            }
        }
        for (StepDefinition d : definitions.values()) {
            if (d.dependencies().contains(worker.name())) {
                List<String> parents = new ArrayList<>(d.dependencies());
                parents.remove(worker.name());
                parents.addAll(created);
                instances.put(d.name(), new Instance(d.name(), d, parents, null));
            }
        }
    }
}
