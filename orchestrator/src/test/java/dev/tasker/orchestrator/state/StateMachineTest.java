package dev.tasker.orchestrator.state;

import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.testing.RowFixtures;
import dev.tasker.orchestrator.testing.StatePaths;
import dev.tasker.orchestrator.testing.ConsumersStopped;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The task and workflow step state machines against real PostgreSQL: every (from, to) pair of each machine is
 * attempted; allowed ones are applied and recorded, all others are rejected without writing anything.
 */
@QuarkusTest
@TestProfile(ConsumersStopped.class)
class StateMachineTest {

    @Inject
    Database db;

    @AfterEach
    void deleteFixtures() {
        RowFixtures.deleteAll(db);
    }

    static Stream<Arguments> taskPairs() {
        return pairs(TaskState.class);
    }

    static Stream<Arguments> stepPairs() {
        return pairs(StepState.class);
    }

    private static <S extends Enum<S>> Stream<Arguments> pairs(Class<S> type) {
        List<Arguments> out = new ArrayList<>();
        for (S from : type.getEnumConstants()) {
            for (S to : type.getEnumConstants()) {
                out.add(Arguments.of(from, to));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "task {0} → {1}")
    @MethodSource("taskPairs")
    void taskTransitionIsAppliedIffAllowed(TaskState from, TaskState to) {
        UUID task = RowFixtures.task(db);
        TransitionLog.TASKS.start(db, List.of(task), TaskState.PENDING, null);
        driveTo(TransitionLog.TASKS, task, TaskState.PENDING, from);
        assertTransitionAppliedIffAllowed(TransitionLog.TASKS, task, from, to);
    }

    @ParameterizedTest(name = "step {0} → {1}")
    @MethodSource("stepPairs")
    void stepTransitionIsAppliedIffAllowed(StepState from, StepState to) {
        UUID step = RowFixtures.step(db, RowFixtures.task(db), "s", true, 3);
        TransitionLog.STEPS.start(db, List.of(step), StepState.PENDING, null);
        driveTo(TransitionLog.STEPS, step, StepState.PENDING, from);
        assertTransitionAppliedIffAllowed(TransitionLog.STEPS, step, from, to);
    }

    private <S extends Enum<S> & State<S>> void assertTransitionAppliedIffAllowed(TransitionLog<S> log, UUID uuid, S from, S to) {
        int historyBefore = log.history(db, uuid).size();
        if (from.canTransitionTo(to)) {
            assertThat(log.transition(db, uuid, from, to, null)).isTrue();
            assertThat(log.current(db, uuid)).contains(to);
            List<Transition> history = log.history(db, uuid);
            assertThat(history).hasSize(historyBefore + 1);
            Transition last = history.get(history.size() - 1);
            assertThat(last.fromState()).isEqualTo(from.wireName());
            assertThat(last.toState()).isEqualTo(to.wireName());
            assertThat(last.sortKey()).isEqualTo(historyBefore);
            assertThat(history).filteredOn(Transition::mostRecent).containsExactly(last);
        } else {
            assertThatThrownBy(() -> log.transition(db, uuid, from, to, null))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining(from.wireName() + " → " + to.wireName());
            assertThat(log.current(db, uuid)).contains(from);
            assertThat(log.history(db, uuid)).hasSize(historyBefore);
        }
    }

    private <S extends Enum<S> & State<S>> void driveTo(TransitionLog<S> log, UUID uuid, S start, S target) {
        StatePaths.driveTo(db, log, uuid, start, target);
        assertThat(log.current(db, uuid)).contains(target);
    }

    @Test
    void everyStateIsReachableFromTheInitialState() {
        for (TaskState s : TaskState.values()) {
            assertThat(StatePaths.shortestPath(TaskState.PENDING, s)).isNotNull();
        }
        for (StepState s : StepState.values()) {
            assertThat(StatePaths.shortestPath(StepState.PENDING, s)).isNotNull();
        }
    }

    @Test
    void transitionFromAStateTheEntityIsNotInIsNotApplied() {
        UUID step = RowFixtures.step(db, RowFixtures.task(db), "s", true, 3);
        TransitionLog.STEPS.start(db, List.of(step), StepState.PENDING, null);
        assertThat(TransitionLog.STEPS.transition(db, step, StepState.ENQUEUED, StepState.IN_PROGRESS, null)).isFalse();
        assertThat(TransitionLog.STEPS.current(db, step)).contains(StepState.PENDING);
        assertThat(TransitionLog.STEPS.history(db, step)).hasSize(1);
    }

    /**
     * Migration V16's set-based CAS: a step listed twice moves once (its first move), a step not in its move's
     * from-state stays where it is, and the moved steps come back.
     */
    @Test
    void aBatchOfStepMovesAppliesEachStepOnceAndOnlyFromItsState() {
        UUID task = RowFixtures.task(db);
        UUID twice = RowFixtures.step(db, task, "twice", true, 3);
        UUID elsewhere = RowFixtures.step(db, task, "elsewhere", true, 3);
        TransitionLog.STEPS.start(db, List.of(twice, elsewhere), StepState.PENDING, null);

        List<UUID> moved = db.list("SELECT tasker.transition_steps(ARRAY["
                        + "ROW($1, 'pending', 'enqueued', '{\"n\": 1}'::jsonb)::tasker.step_move,"
                        + "ROW($1, 'pending', 'cancelled', '{\"n\": 2}'::jsonb)::tasker.step_move,"
                        + "ROW($2, 'in_progress', 'enqueued_for_orchestration', NULL)::tasker.step_move])",
                row -> row.getUUID(0), twice, elsewhere);

        assertThat(moved).containsExactly(twice);
        List<Transition> history = TransitionLog.STEPS.history(db, twice);
        assertThat(history).extracting(Transition::toState).containsExactly("pending", "enqueued");
        assertThat(history.getLast().sortKey()).isEqualTo(1);
        assertThat(history.getLast().metadata().path("n").asInt()).as("the first move's metadata").isEqualTo(1);
        assertThat(TransitionLog.STEPS.history(db, elsewhere)).extracting(Transition::toState).containsExactly("pending");
    }

    /**
     * Migration V20 dropped the transition tables' foreign keys; its statement-level triggers delete an entity's
     * transitions with it, as ON DELETE CASCADE did.
     */
    @Test
    void deletingATaskDeletesItsAndItsStepsTransitions() {
        UUID task = RowFixtures.task(db);
        UUID first = RowFixtures.step(db, task, "first", true, 3);
        UUID second = RowFixtures.step(db, task, "second", true, 3);
        UUID otherTask = RowFixtures.task(db);
        UUID otherStep = RowFixtures.step(db, otherTask, "other", true, 3);
        TransitionLog.TASKS.start(db, List.of(task, otherTask), TaskState.PENDING, null);
        TransitionLog.STEPS.start(db, List.of(first, second, otherStep), StepState.PENDING, null);
        TransitionLog.TASKS.transition(db, task, TaskState.PENDING, TaskState.INITIALIZING, null);
        TransitionLog.STEPS.transition(db, first, StepState.PENDING, StepState.ENQUEUED, null);

        db.query("DELETE FROM tasker.workflow_steps WHERE workflow_step_uuid = $1", second);
        assertThat(TransitionLog.STEPS.history(db, second)).as("a deleted step's transitions").isEmpty();
        assertThat(TransitionLog.STEPS.history(db, first)).hasSize(2);

        db.query("DELETE FROM tasker.tasks WHERE task_uuid = $1", task);
        assertThat(TransitionLog.TASKS.history(db, task)).as("a deleted task's transitions").isEmpty();
        assertThat(TransitionLog.STEPS.history(db, first)).as("its steps' transitions").isEmpty();
        assertThat(TransitionLog.TASKS.history(db, otherTask)).as("another task's").hasSize(1);
        assertThat(TransitionLog.STEPS.history(db, otherStep)).as("another task's step's").hasSize(1);
    }

    /** Without a foreign key, the CAS alone keeps a transition from being appended for an entity that is not there. */
    @Test
    void noTransitionIsAppendedForAnEntityThatDoesNotExist() {
        UUID missing = UUID.randomUUID();
        assertThat(TransitionLog.STEPS.transition(db, missing, StepState.PENDING, StepState.ENQUEUED, null)).isFalse();
        assertThat(TransitionLog.TASKS.transition(db, missing, TaskState.PENDING, TaskState.INITIALIZING, null)).isFalse();
        assertThat(TransitionLog.STEPS.history(db, missing)).isEmpty();
        assertThat(TransitionLog.TASKS.history(db, missing)).isEmpty();
    }

    @Test
    void concurrentCompareAndSwapLetsExactlyOneCallerWin() throws Exception {
        UUID step = RowFixtures.step(db, RowFixtures.task(db), "s", true, 3);
        TransitionLog.STEPS.start(db, List.of(step), StepState.PENDING, null);
        TransitionLog.STEPS.transition(db, step, StepState.PENDING, StepState.ENQUEUED, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> TransitionLog.STEPS.transition(db, step, StepState.ENQUEUED, StepState.IN_PROGRESS, null));
            }
            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(claims)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(TransitionLog.STEPS.history(db, step)).extracting(Transition::toState)
                .containsExactly("pending", "enqueued", "in_progress");
    }

    @Test
    void stepTransitionRowsOnlyEverLoseTheirMostRecentFlag() {
        UUID step = RowFixtures.step(db, RowFixtures.task(db), "s", true, 3);
        TransitionLog.STEPS.start(db, List.of(step), StepState.PENDING, null);
        TransitionLog.STEPS.transition(db, step, StepState.PENDING, StepState.ENQUEUED, null);
        for (String column : List.of("to_state = 'complete'", "from_state = 'error'", "from_state = NULL",
                "metadata = '{\"x\": 1}'", "sort_key = 9", "created_at = now() - interval '1 day'",
                "workflow_step_uuid = gen_random_uuid()", "workflow_step_transition_uuid = gen_random_uuid()")) {
            assertThatThrownBy(() -> db.query("UPDATE tasker.workflow_step_transitions SET " + column
                    + " WHERE workflow_step_uuid = $1", step)).as(column).hasMessageContaining("append-only");
            // the one allowed change (most_recent true -> false) does not let another change through with it
            assertThatThrownBy(() -> db.query("UPDATE tasker.workflow_step_transitions SET most_recent = false, "
                    + column + " WHERE workflow_step_uuid = $1 AND most_recent", step)).as("with " + column)
                    .hasMessageContaining("append-only");
        }
        assertThatThrownBy(() -> db.query("UPDATE tasker.workflow_step_transitions SET most_recent = true"
                + " WHERE workflow_step_uuid = $1 AND NOT most_recent", step)).hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.query("UPDATE tasker.workflow_step_transitions SET most_recent = false"
                + " WHERE workflow_step_uuid = $1 AND NOT most_recent", step)).hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.query("INSERT INTO tasker.workflow_step_transitions"
                + " (workflow_step_uuid, from_state, to_state, sort_key, most_recent) VALUES ($1, 'finished', 'complete', 5, false)",
                step)).hasMessageContaining("step_state");
        assertThat(TransitionLog.STEPS.history(db, step)).extracting(Transition::toState)
                .containsExactly("pending", "enqueued");
        assertThat(db.query("UPDATE tasker.workflow_step_transitions SET most_recent = false, updated_at = now()"
                + " WHERE workflow_step_uuid = $1 AND most_recent", step).rowCount()).as("the allowed update").isOne();
    }

    /**
     * Migration V13 leaves room on each page of workflow_steps, so the updates every step makes, each in its own
     * transaction (attempt, result, completion), stay HOT: the row stays on its page and no index gets a new entry.
     * At the default fillfactor a full page has no room for a row's first new version, so most rows move.
     */
    @Test
    void aStepRowsUpdatesKeepItOnItsPage() {
        int rows = 300;
        UUID task = RowFixtures.task(db);
        List<UUID> steps = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            steps.add(RowFixtures.step(db, task, "hot" + i, true, 3));
        }
        Map<UUID, Integer> pages = stepPages(task);
        for (String change : List.of("attempts = attempts + 1, last_attempted_at = now()",
                "results = '{\"value\": 12345}', execution_time_ms = 3", "completed_at = now()")) {
            for (UUID step : steps) {
                db.query("UPDATE tasker.workflow_steps SET " + change + ", updated_at = now()"
                        + " WHERE workflow_step_uuid = $1", step);
            }
        }
        Map<UUID, Integer> after = stepPages(task);
        long stayed = steps.stream().filter(step -> pages.get(step).equals(after.get(step))).count();
        assertThat(stayed).as("rows still on their page after 3 updates each").isGreaterThanOrEqualTo(rows * 9L / 10);
    }

    private Map<UUID, Integer> stepPages(UUID task) {
        Map<UUID, Integer> pages = new HashMap<>();
        db.list("SELECT workflow_step_uuid, (ctid::text::point)[0]::int FROM tasker.workflow_steps WHERE task_uuid = $1",
                row -> pages.put(row.getUUID(0), row.getInteger(1)), task);
        return pages;
    }

    /** Migration V12's guard lists the columns it protects: a column added later must be added to it. */
    @ParameterizedTest
    @MethodSource("transitionTables")
    void theAppendOnlyGuardNamesEveryColumnOfBothTransitionTables(String table, String entityColumn) {
        String guard = db.first("SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t"
                + " WHERE t.tgrelid = ('tasker.' || $1)::regclass AND t.tgname = $1 || '_append_only'",
                row -> row.getString(0), table).orElseThrow();
        List<String> columns = db.list("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'tasker' AND table_name = $1 AND column_name NOT IN ('most_recent', 'updated_at')",
                row -> row.getString(0), table);
        assertThat(columns).contains(entityColumn, "metadata", "created_at").hasSize(7);
        for (String column : columns) {
            assertThat(guard).as(table + "." + column).contains("new." + column).contains("old." + column);
        }
    }

    /**
     * The compare-and-swap finds its rows through an index probe by entity whichever index the planner picks: with
     * the entity's most_recent index gone (as if stale statistics made the planner prefer another), it probes the
     * state index by state and entity or the sort index by entity (which one depends on the statistics autovacuum
     * has gathered by then), never reading every row in a state, under the functions' planner settings. (The state
     * index once led with to_state alone: a transition scanned every row in its state.)
     */
    @ParameterizedTest
    @MethodSource("transitionTables")
    void compareAndSwapProbesItsEntityThroughAnIndex(String table, String entityColumn) {
        List<String> plan = new ArrayList<>();
        assertThatThrownBy(() -> db.transact(tx -> {
            tx.query("DROP INDEX tasker." + table + "_most_recent");
            // the CAS runs under transition_steps' / transition_tasks' planner settings (V16); without them a
            // nearly empty, freshly analyzed table is read whole, whatever its indexes
            tx.query("SET LOCAL enable_seqscan = off");
            tx.query("EXPLAIN UPDATE tasker." + table + " SET most_recent = false WHERE " + entityColumn
                    + " = $1 AND most_recent AND to_state = $2", UUID.randomUUID(), "pending")
                    .forEach(row -> plan.add(row.getString(0)));
            throw new IllegalStateException("roll back the DROP INDEX");
        })).hasMessage("roll back the DROP INDEX");
        String text = String.join("\n", plan);
        assertThat(text).doesNotContain("Seq Scan").containsPattern("Index Scan using " + table + "_(current_state|sort)");
        if (text.contains(table + "_current_state")) {
            assertThat(text).containsPattern("Index Cond: \\(\\(\\(?to_state\\)?(::text)? = '[a-z]+'::text\\) AND \\("
                    + entityColumn + " = '[0-9a-f-]+'::uuid\\)\\)");
        } else {
            assertThat(text).containsPattern("Index Cond: \\(" + entityColumn + " = '[0-9a-f-]+'::uuid\\)");
        }
    }

    static Stream<Arguments> transitionTables() {
        return Stream.of(Arguments.of("task_transitions", "task_uuid"),
                Arguments.of("workflow_step_transitions", "workflow_step_uuid"));
    }

    @Test
    void transitionRowsAreAppendOnlyAndOneIsMostRecent() {
        UUID task = RowFixtures.task(db);
        TransitionLog.TASKS.start(db, List.of(task), TaskState.PENDING, null);
        TransitionLog.TASKS.transition(db, task, TaskState.PENDING, TaskState.INITIALIZING, null);
        assertThatThrownBy(() -> db.query("UPDATE tasker.task_transitions SET to_state = 'complete' WHERE task_uuid = $1", task))
                .hasMessageContaining("transitions are append-only");
        assertThatThrownBy(() -> db.query("UPDATE tasker.task_transitions SET most_recent = true WHERE task_uuid = $1", task))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.query("INSERT INTO tasker.task_transitions (task_uuid, to_state, sort_key, most_recent)"
                + " VALUES ($1, 'complete', 7, true)", task)).hasMessageContaining("task_transitions_most_recent");
        assertThatThrownBy(() -> db.query("INSERT INTO tasker.task_transitions (task_uuid, to_state, sort_key, most_recent)"
                + " VALUES ($1, 'finished', 8, false)", task)).hasMessageContaining("check constraint");
    }
}
