package dev.tasker.orchestrator.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * The dependency DAG of a {@link TaskTemplate}, with the queries the orchestrator needs to create and
 * expand a task's workflow steps (DESIGN §3, §4).
 *
 * <p>Every list returned holds step names in topological order (a step after all its dependencies;
 * ties broken by declaration order), so callers can insert steps and their edges in that order. Edges
 * point from a dependency (parent) to its dependent (child).
 *
 * <p><b>Which steps exist when.</b> A task starts with {@link #initialSteps()}. Steps are <i>dynamic</i>
 * (absent at creation) when they are a {@code batch_worker} step or a descendant of one, or a
 * descendant of a {@code decision} step. Later:
 * <ul>
 *   <li>a decision's {@code create_steps} outcome creates {@link #stepsCreatedByDecision the named
 *       branches and the descendants they complete};</li>
 *   <li>a batchable step's {@code create_batches} / {@code no_batches} outcome creates the worker
 *       template's instances and {@link #stepsCreatedByBatch the descendants they complete}.</li>
 * </ul>
 * In an expansion a non-convergence step is created when at least one of its dependencies is created
 * by it and all its dependencies then exist; a step that is a branch of another decision waits for
 * that decision. A {@code deferred_convergence} step is created as soon as any of its dependencies is
 * created, and depends on those of its dependencies that exist then ({@code StepFactory} links the edges).
 * (tasker-core's {@code initial_step_set} and decision-point expansion follow the same rules.)
 *
 * <p>Immutable and thread-safe; cheap to build (linear in steps and edges), so callers may cache one
 * per template.
 */
public final class TemplateGraph {

    private final Map<String, StepDefinition> steps = new HashMap<>();
    private final Map<String, Integer> rank = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final List<String> order;
    private final List<String> initial;

    /**
     * @param template a template built by {@link TemplateParser} (so names are unique, dependencies
     *                 known and the graph acyclic)
     * @throws IllegalArgumentException when the template breaks one of those guarantees
     */
    public TemplateGraph(TaskTemplate template) {
        for (StepDefinition step : template.steps()) {
            if (steps.putIfAbsent(step.name(), step) != null) {
                throw new IllegalArgumentException("duplicate step name '" + step.name() + "'");
            }
            children.put(step.name(), new ArrayList<>());
        }
        for (StepDefinition step : template.steps()) {
            for (String dependency : step.dependencies()) {
                if (!steps.containsKey(dependency)) {
                    throw new IllegalArgumentException("step '" + step.name() + "' depends on unknown step '" + dependency + "'");
                }
                children.get(dependency).add(step.name());
            }
        }
        this.order = topologicalOrder(template.steps());
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
        Set<String> dynamic = new HashSet<>();
        for (StepDefinition step : template.steps()) {
            if (step.type() == StepType.BATCH_WORKER) {
                dynamic.add(step.name());
                dynamic.addAll(descendants(step.name()));
            } else if (step.type() == StepType.DECISION) {
                dynamic.addAll(descendants(step.name()));
            }
        }
        this.initial = order.stream().filter(name -> !dynamic.contains(name)).toList();
    }

    /** @return every step name, each after all of its dependencies. */
    public List<String> topologicalOrder() {
        return order;
    }

    /** @return the steps without dependencies. */
    public List<String> roots() {
        return order.stream().filter(name -> steps.get(name).dependencies().isEmpty()).toList();
    }

    /**
     * @return the steps that list {@code step} as a dependency
     * @throws IllegalArgumentException when no step has that name
     */
    public List<String> children(String step) {
        return sorted(children.get(known(step)));
    }

    /**
     * @return every step {@code step} depends on, directly or transitively
     * @throws IllegalArgumentException when no step has that name
     */
    public List<String> ancestors(String step) {
        return sorted(reach(known(step), name -> steps.get(name).dependencies()));
    }

    /**
     * @return every step that depends on {@code step}, directly or transitively
     * @throws IllegalArgumentException when no step has that name
     */
    public List<String> descendants(String step) {
        return sorted(reach(known(step), children::get));
    }

    /**
     * @return the steps created with the task: all steps except batch worker templates, decision
     *         descendants and batch worker descendants (for a template without decision or batch steps,
     *         all steps)
     */
    public List<String> initialSteps() {
        return initial;
    }

    /**
     * @return the steps a decision's {@code create_steps} outcome may name: its direct children
     * @throws IllegalArgumentException when {@code decision} is not a decision step
     */
    public List<String> decisionBranches(String decision) {
        requireType(decision, StepType.DECISION);
        return children(decision);
    }

    /**
     * @return the {@code batch_worker} steps whose instances a batchable step's outcome may create
     *         (its children of type {@code batch_worker})
     * @throws IllegalArgumentException when {@code batchable} is not a batchable step
     */
    public List<String> batchWorkerTemplates(String batchable) {
        requireType(batchable, StepType.BATCHABLE);
        return children(batchable).stream().filter(name -> steps.get(name).type() == StepType.BATCH_WORKER).toList();
    }

    /**
     * The steps to create when decision {@code decision} returns {@code create_steps} with
     * {@code chosen}: the chosen branches, then the descendants they complete (see class comment).
     *
     * @param chosen   the outcome's {@code step_names}
     * @param existing names of the template steps that already exist in the task (a batch worker
     *                 template counts once its instances exist)
     * @return the steps to create, in creation order; empty for an empty {@code chosen}
     * @throws IllegalArgumentException when {@code decision} is not a decision step or a chosen name is
     *                                  not one of its {@link #decisionBranches branches} (the message
     *                                  names them)
     */
    public List<String> stepsCreatedByDecision(String decision, Collection<String> chosen, Set<String> existing) {
        List<String> branches = decisionBranches(decision);
        List<String> unknown = chosen.stream().filter(name -> !branches.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("decision step '" + decision + "' may create only "
                    + branches + ", not " + unknown);
        }
        return expand(chosen, existing);
    }

    /**
     * The steps to create when batchable step {@code batchable} returns {@code create_batches} or
     * {@code no_batches} for {@code workerTemplate}: the worker template (the orchestrator creates one
     * instance per cursor in its place) and the descendants it completes, typically a
     * {@code deferred_convergence} step.
     *
     * @param existing names of the template steps that already exist in the task
     * @return the template step names to create, in creation order, the worker template first
     * @throws IllegalArgumentException when {@code batchable} is not a batchable step or
     *                                  {@code workerTemplate} is not one of its
     *                                  {@link #batchWorkerTemplates worker templates}
     */
    public List<String> stepsCreatedByBatch(String batchable, String workerTemplate, Set<String> existing) {
        List<String> workers = batchWorkerTemplates(batchable);
        if (!workers.contains(workerTemplate)) {
            throw new IllegalArgumentException("batchable step '" + batchable + "' has worker templates "
                    + workers + ", not '" + workerTemplate + "'");
        }
        return expand(List.of(workerTemplate), existing);
    }

    private List<String> expand(Collection<String> seeds, Set<String> existing) {
        Set<String> created = new LinkedHashSet<>();
        for (String seed : seeds) {
            if (!existing.contains(known(seed))) {
                created.add(seed);
            }
        }
        for (String name : order) {
            StepDefinition step = steps.get(name);
            if (created.contains(name) || existing.contains(name) || step.type() == StepType.BATCH_WORKER
                    || step.dependencies().isEmpty()) {
                continue;
            }
            boolean waitsForDecision = step.dependencies().stream()
                    .anyMatch(parent -> steps.get(parent).type() == StepType.DECISION);
            boolean touched = step.dependencies().stream().anyMatch(created::contains);
            boolean complete = step.dependencies().stream()
                    .allMatch(parent -> created.contains(parent) || existing.contains(parent));
            boolean convergence = step.type() == StepType.DEFERRED_CONVERGENCE;
            if (!waitsForDecision && touched && (convergence || complete)) {
                created.add(name);
            }
        }
        return sorted(created);
    }

    /** Kahn's algorithm, choosing among ready steps the one declared first. */
    private List<String> topologicalOrder(List<StepDefinition> declared) {
        Map<String, Integer> declaredIndex = new HashMap<>();
        Map<String, Integer> waiting = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            declaredIndex.put(declared.get(i).name(), i);
            waiting.put(declared.get(i).name(), declared.get(i).dependencies().size());
        }
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> declaredIndex.get(a) - declaredIndex.get(b));
        waiting.forEach((name, count) -> {
            if (count == 0) {
                ready.add(name);
            }
        });
        List<String> result = new ArrayList<>();
        while (!ready.isEmpty()) {
            String name = ready.poll();
            result.add(name);
            for (String child : children.get(name)) {
                if (waiting.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        if (result.size() != declared.size()) {
            throw new IllegalArgumentException("the dependency graph has a cycle");
        }
        return List.copyOf(result);
    }

    private Set<String> reach(String start, Function<String, List<String>> next) {
        Set<String> seen = new HashSet<>();
        List<String> frontier = new ArrayList<>(next.apply(start));
        while (!frontier.isEmpty()) {
            String name = frontier.removeLast();
            if (seen.add(name)) {
                frontier.addAll(next.apply(name));
            }
        }
        return seen;
    }

    private List<String> sorted(Collection<String> names) {
        return names.stream().sorted((a, b) -> rank.get(a) - rank.get(b)).toList();
    }

    private String known(String step) {
        if (!steps.containsKey(step)) {
            throw new IllegalArgumentException("no step named '" + step + "' in this template");
        }
        return step;
    }

    private void requireType(String step, StepType type) {
        StepType actual = steps.get(known(step)).type();
        if (actual != type) {
            throw new IllegalArgumentException("step '" + step + "' is a " + actual.yamlName() + " step, not "
                    + type.yamlName());
        }
    }
}
