package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.template.TemplateParser.ParsedStep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validation rules that span steps (DESIGN §3, §4), applied to steps that may themselves have
 * field problems (a step whose name, type or handler was invalid has {@code null} there and is skipped
 * by the rules that need that value, so one mistake is not reported twice).
 *
 * <ul>
 *   <li>step names are unique;</li>
 *   <li>every dependency names another declared step, once; no step depends on itself;</li>
 *   <li>the dependency graph is acyclic (each cycle is reported with its path {@code a -> b -> a});</li>
 *   <li>a {@code decision} step has dependent steps (its outcome may only create those);</li>
 *   <li>a {@code deferred_convergence} step has dependencies;</li>
 *   <li>{@code batch_config} appears only on {@code batchable} steps, and on {@code batch_worker} steps
 *       naming themselves (tasker-core's examples put it there);</li>
 *   <li>a {@code batchable} step's {@code batch_config.worker_template} names a {@code batch_worker} step
 *       that depends on it; every {@code batchable} step has a {@code batch_worker} step depending on it;</li>
 *   <li>a {@code batch_worker} step depends on exactly one step, a {@code batchable} one, and is named by
 *       a {@code batch_config.worker_template} (its parent's or its own);</li>
 *   <li>only {@code deferred_convergence} steps depend on a {@code batch_worker} step (its instances are
 *       created at run time, in a number known only then).</li>
 * </ul>
 */
final class TemplateRules {

    private static final int GREY = 1;
    private static final int BLACK = 2;

    private final List<ParsedStep> steps;
    private final FieldReader in;
    private final Map<String, ParsedStep> byName = new LinkedHashMap<>();
    private final Map<String, List<ParsedStep>> children = new HashMap<>();

    private TemplateRules(List<ParsedStep> steps, FieldReader in) {
        this.steps = steps;
        this.in = in;
    }

    /** Applies every rule, recording problems in {@code in}. */
    static void check(List<ParsedStep> steps, FieldReader in) {
        TemplateRules rules = new TemplateRules(steps, in);
        rules.names();
        rules.dependencies();
        rules.cycles();
        rules.types();
    }

    private void names() {
        for (ParsedStep step : steps) {
            String name = step.definition().name();
            if (name == null) {
                continue;
            }
            ParsedStep first = byName.putIfAbsent(name, step);
            if (first != null) {
                in.problem(step.path() + ".name", "duplicate step name '" + name + "': already declared by "
                        + first.path());
            }
        }
    }

    private void dependencies() {
        for (ParsedStep step : steps) {
            String name = step.definition().name();
            Set<String> seen = new HashSet<>();
            List<String> dependencies = step.definition().dependencies();
            for (int i = 0; i < dependencies.size(); i++) {
                String dependency = dependencies.get(i);
                String path = dependencyPath(step, i);
                if (dependency.equals(name)) {
                    in.problem(path, "step '" + name + "' depends on itself");
                } else if (!byName.containsKey(dependency)) {
                    in.problem(path, "unknown dependency '" + dependency + "': no step of that name is declared"
                            + " (declared: " + String.join(", ", byName.keySet()) + ")");
                } else if (!seen.add(dependency)) {
                    in.problem(path, "dependency '" + dependency + "' is listed more than once");
                } else if (byName.get(name) == step) {
                    children.computeIfAbsent(dependency, k -> new ArrayList<>()).add(step);
                }
            }
        }
    }

    /** Depth-first search over valid edges (step → dependency); a grey target closes a cycle. */
    private void cycles() {
        Map<String, Integer> colour = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        for (String name : byName.keySet()) {
            visit(name, colour, stack);
        }
    }

    private void visit(String name, Map<String, Integer> colour, Deque<String> stack) {
        if (colour.containsKey(name)) {
            return;
        }
        colour.put(name, GREY);
        stack.addLast(name);
        ParsedStep step = byName.get(name);
        List<String> dependencies = step.definition().dependencies();
        for (int i = 0; i < dependencies.size(); i++) {
            String dependency = dependencies.get(i);
            if (!byName.containsKey(dependency) || dependency.equals(name)) {
                continue;
            }
            Integer state = colour.get(dependency);
            if (state == null) {
                visit(dependency, colour, stack);
            } else if (state == GREY) {
                List<String> path = new ArrayList<>(stack);
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(dependency), path.size()));
                cycle.add(dependency);
                in.problem(dependencyPath(step, i), "dependency cycle: " + String.join(" -> ", cycle)
                        + " (each step depends on the next)");
            }
        }
        stack.removeLast();
        colour.put(name, BLACK);
    }

    private void types() {
        for (ParsedStep step : steps) {
            StepDefinition definition = step.definition();
            if (definition.type() == null || definition.name() == null || byName.get(definition.name()) != step) {
                continue;
            }
            switch (definition.type()) {
                case DECISION -> decision(step);
                case DEFERRED_CONVERGENCE -> deferredConvergence(step);
                case BATCHABLE -> batchable(step);
                case BATCH_WORKER -> batchWorker(step);
                case STANDARD -> { }
            }
            if (definition.batchConfig() != null && definition.type() != StepType.BATCHABLE
                    && definition.type() != StepType.BATCH_WORKER) {
                in.problem(step.path() + ".batch_config", "batch_config belongs on a batchable step (or on the"
                        + " batch_worker step it names), not on a " + definition.type().yamlName() + " step");
            }
            dependentsOfBatchWorkers(step);
        }
    }

    private void decision(ParsedStep step) {
        if (childrenOf(step).isEmpty()) {
            in.problem(typePath(step), "decision step '" + step.definition().name() + "' has no dependent steps:"
                    + " its decision_point_outcome can only create steps that list it in their dependencies");
        }
    }

    private void deferredConvergence(ParsedStep step) {
        if (step.definition().dependencies().isEmpty()) {
            in.problem(step.path() + "." + step.dependenciesKey(), "deferred_convergence step '"
                    + step.definition().name() + "' needs dependencies: it converges the steps it lists");
        }
    }

    private void batchable(ParsedStep step) {
        String name = step.definition().name();
        String worker = workerTemplate(step);
        if (worker != null) {
            ParsedStep named = byName.get(worker);
            String path = step.path() + ".batch_config.worker_template";
            if (named == null) {
                in.problem(path, "worker_template '" + worker + "' names no declared step");
            } else if (named.definition().type() != null && named.definition().type() != StepType.BATCH_WORKER) {
                in.problem(path, "worker_template '" + worker + "' is a " + named.definition().type().yamlName()
                        + " step; it must name a batch_worker step");
            } else if (!named.definition().dependencies().contains(name)) {
                in.problem(path, "batch_worker step '" + worker + "' must list '" + name + "' as its dependency");
            }
        }
        boolean hasWorker = childrenOf(step).stream()
                .anyMatch(child -> child.definition().type() == StepType.BATCH_WORKER);
        if (!hasWorker) {
            in.problem(typePath(step), "batchable step '" + name + "' has no batch_worker step depending on it:"
                    + " its batch_processing_outcome creates instances of such a step");
        }
    }

    private void batchWorker(ParsedStep step) {
        String name = step.definition().name();
        String own = workerTemplate(step);
        if (own != null && !own.equals(name)) {
            in.problem(step.path() + ".batch_config.worker_template", "on a batch_worker step, worker_template must"
                    + " name the step itself ('" + name + "'), got '" + own + "'");
        }
        List<String> dependencies = step.definition().dependencies();
        ParsedStep parent = dependencies.size() == 1 ? byName.get(dependencies.get(0)) : null;
        if (parent == null || parent.definition().type() != StepType.BATCHABLE) {
            boolean parentTypeAlreadyReported = parent != null && parent.definition().type() == null;
            if (!parentTypeAlreadyReported) {
                in.problem(step.path() + "." + step.dependenciesKey(), "batch_worker step '" + name
                        + "' must depend on exactly one step, the batchable step whose outcome creates its instances");
            }
            return;
        }
        if (!name.equals(own) && !name.equals(workerTemplate(parent))) {
            in.problem(typePath(step), "batch_worker step '" + name + "' is not named by any"
                    + " batch_config.worker_template: set batch_config.worker_template: " + name
                    + " on batchable step '" + parent.definition().name() + "'");
        }
    }

    private void dependentsOfBatchWorkers(ParsedStep step) {
        if (step.definition().type() == StepType.DEFERRED_CONVERGENCE) {
            return;
        }
        List<String> dependencies = step.definition().dependencies();
        for (int i = 0; i < dependencies.size(); i++) {
            ParsedStep parent = byName.get(dependencies.get(i));
            if (parent != null && parent != step && parent.definition().type() == StepType.BATCH_WORKER) {
                in.problem(dependencyPath(step, i), "step '" + step.definition().name() + "' depends on batch_worker"
                        + " step '" + parent.definition().name() + "', whose instances are created at run time:"
                        + " only a deferred_convergence step may depend on it");
            }
        }
    }

    private List<ParsedStep> childrenOf(ParsedStep step) {
        return children.getOrDefault(step.definition().name(), List.of());
    }

    private static String workerTemplate(ParsedStep step) {
        JsonNode config = step.definition().batchConfig();
        JsonNode worker = config == null ? null : config.get("worker_template");
        return worker != null && worker.isTextual() ? worker.textValue() : null;
    }

    private static String dependencyPath(ParsedStep step, int index) {
        return YamlDocument.item(step.path() + "." + step.dependenciesKey(), index);
    }

    private static String typePath(ParsedStep step) {
        return step.path() + ".type";
    }
}
