package dev.tasker.orchestrator.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.tasker.orchestrator.template.TemplateFixtures.parse;
import static dev.tasker.orchestrator.template.TemplateFixtures.parseFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateGraphTest {

    /** A diamond (a → b, c → d) declared out of order, plus an independent step e. */
    private static final TaskTemplate DIAMOND = parse("""
            name: diamond
            namespace_name: demo
            version: 1.0.0
            steps:
              - name: d
                handler: {callable: d}
                dependencies: [b, c]
              - name: c
                handler: {callable: c}
                dependencies: [a]
              - name: e
                handler: {callable: e}
              - name: b
                handler: {callable: b}
                dependencies: [a]
              - name: a
                handler: {callable: a}
            """);

    @Test
    void topologicalOrderPutsDependenciesFirstAndOtherwiseKeepsDeclarationOrder() {
        TemplateGraph graph = new TemplateGraph(DIAMOND);

        assertThat(graph.topologicalOrder()).containsExactly("e", "a", "c", "b", "d");
        assertThat(graph.roots()).containsExactly("e", "a");
    }

    @Test
    void ancestorsDescendantsAndChildren() {
        TemplateGraph graph = new TemplateGraph(DIAMOND);

        assertThat(graph.ancestors("d")).containsExactly("a", "c", "b");
        assertThat(graph.ancestors("a")).isEmpty();
        assertThat(graph.descendants("a")).containsExactly("c", "b", "d");
        assertThat(graph.descendants("e")).isEmpty();
        assertThat(graph.children("a")).containsExactly("c", "b");
    }

    @Test
    void withoutDynamicStepsEveryStepIsInitial() {
        assertThat(new TemplateGraph(DIAMOND).initialSteps()).containsExactly("e", "a", "c", "b", "d");
    }

    @Test
    void unknownStepNamesAreRejected() {
        TemplateGraph graph = new TemplateGraph(DIAMOND);

        assertThatThrownBy(() -> graph.ancestors("z")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no step named 'z'");
    }

    @Test
    void decisionTemplateStartsWithTheStepsOutsideTheDecisionsReach() {
        TemplateGraph graph = new TemplateGraph(parseFixture("valid/approval_routing.yaml"));

        assertThat(graph.initialSteps()).containsExactly("validate_request", "routing_decision");
        assertThat(graph.decisionBranches("routing_decision"))
                .containsExactly("auto_approve", "manager_approval", "finance_review");
    }

    @Test
    void decisionOutcomeCreatesTheChosenBranchesAndTheConvergenceOverThem() {
        TemplateGraph graph = new TemplateGraph(parseFixture("valid/approval_routing.yaml"));
        Set<String> existing = Set.of("validate_request", "routing_decision");

        List<String> created = graph.stepsCreatedByDecision("routing_decision",
                List.of("manager_approval", "finance_review"), existing);

        assertThat(created).containsExactly("manager_approval", "finance_review", "finalize_approval");
    }

    @Test
    void decisionOutcomeMayOnlyNameItsBranches() {
        TemplateGraph graph = new TemplateGraph(parseFixture("valid/approval_routing.yaml"));

        assertThatThrownBy(() -> graph.stepsCreatedByDecision("routing_decision", List.of("finalize_approval"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decision step 'routing_decision' may create only [auto_approve, manager_approval,"
                        + " finance_review], not [finalize_approval]");
        assertThatThrownBy(() -> graph.decisionBranches("validate_request"))
                .hasMessage("step 'validate_request' is a standard step, not decision");
    }

    @Test
    void noBranchesCreatesNothing() {
        TemplateGraph graph = new TemplateGraph(parseFixture("valid/approval_routing.yaml"));

        assertThat(graph.stepsCreatedByDecision("routing_decision", List.of(), Set.of("validate_request",
                "routing_decision"))).isEmpty();
    }

    /**
     * pick → {left, right}; both_sides needs left and right; after_left needs left; a nested decision
     * under right gates its own branch; an independent step beside the decision is initial.
     */
    private static final TaskTemplate NESTED = parse("""
            name: nested
            namespace_name: demo
            version: 1.0.0
            steps:
              - name: start
                handler: {callable: start}
              - name: beside
                handler: {callable: beside}
                dependencies: [start]
              - name: pick
                type: decision
                handler: {callable: pick}
                dependencies: [start]
              - name: left
                handler: {callable: left}
                dependencies: [pick]
              - name: right
                handler: {callable: right}
                dependencies: [pick]
              - name: after_left
                handler: {callable: after_left}
                dependencies: [left, beside]
              - name: both_sides
                handler: {callable: both_sides}
                dependencies: [left, right]
              - name: inner
                type: decision
                handler: {callable: inner}
                dependencies: [right]
              - name: inner_branch
                handler: {callable: inner_branch}
                dependencies: [inner]
            """);

    @Test
    void stepsReachableOnlyThroughADecisionAreNotInitial() {
        assertThat(new TemplateGraph(NESTED).initialSteps()).containsExactly("start", "beside", "pick");
    }

    @Test
    void expansionStopsAtStepsWhoseOtherDependenciesDoNotExistAndAtNestedDecisions() {
        TemplateGraph graph = new TemplateGraph(NESTED);
        Set<String> initial = Set.copyOf(graph.initialSteps());

        assertThat(graph.stepsCreatedByDecision("pick", List.of("left"), initial))
                .as("both_sides also needs right, which was not chosen")
                .containsExactly("left", "after_left");
        assertThat(graph.stepsCreatedByDecision("pick", List.of("left", "right"), initial))
                .as("inner_branch waits for the inner decision")
                .containsExactly("left", "right", "after_left", "both_sides", "inner");
        assertThat(graph.stepsCreatedByDecision("inner", List.of("inner_branch"),
                Set.of("start", "beside", "pick", "right", "inner"))).containsExactly("inner_branch");
    }

    @Test
    void batchTemplateStartsWithoutWorkersOrTheirConvergence() {
        TemplateGraph graph = new TemplateGraph(parseFixture("valid/csv_batch.yaml"));

        assertThat(graph.initialSteps()).containsExactly("analyze_csv");
        assertThat(graph.batchWorkerTemplates("analyze_csv")).containsExactly("process_csv_batch");
    }

    @Test
    void batchOutcomeCreatesTheWorkerTemplateAndTheConvergenceStep() {
        TemplateGraph graph = new TemplateGraph(parseFixture("valid/order_events.yaml"));
        Set<String> existing = Set.copyOf(graph.initialSteps());

        assertThat(existing).containsExactlyInAnyOrder("validate_order", "reserve_stock", "charge_card", "split_shipments");
        assertThat(graph.stepsCreatedByBatch("split_shipments", "ship_batch", existing))
                .containsExactly("ship_batch", "confirm");
        assertThatThrownBy(() -> graph.stepsCreatedByBatch("split_shipments", "confirm", existing))
                .hasMessage("batchable step 'split_shipments' has worker templates [ship_batch], not 'confirm'");
    }
}
