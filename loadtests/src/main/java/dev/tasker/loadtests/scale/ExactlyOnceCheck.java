package dev.tasker.loadtests.scale;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Checks, in the orchestrator's database, that a set of tasks ran exactly once: every task has one transition to
 * {@code complete}; every workflow step of those tasks is {@code complete}, was claimed once (one transition to
 * {@code in_progress}), completed once (one transition to {@code complete}) and counts one attempt. Reads the
 * transition tables of the orchestrator's schema ({@code tasker.task_transitions},
 * {@code tasker.workflow_step_transitions}, {@code tasker.workflow_steps}).
 */
public final class ExactlyOnceCheck {

    private static final String TASKS = """
            SELECT count(*),
                   count(*) FILTER (WHERE completions <> 1)
            FROM (SELECT task_uuid, count(*) FILTER (WHERE to_state = 'complete') AS completions
                  FROM tasker.task_transitions
                  WHERE task_uuid = ANY (?)
                  GROUP BY task_uuid) per_task""";

    private static final String STEPS = """
            SELECT count(*),
                   count(*) FILTER (WHERE current_state IS DISTINCT FROM 'complete'),
                   count(*) FILTER (WHERE claims <> 1),
                   count(*) FILTER (WHERE completions <> 1),
                   count(*) FILTER (WHERE attempts <> 1)
            FROM (SELECT s.workflow_step_uuid, s.attempts,
                         count(*) FILTER (WHERE t.to_state = 'in_progress') AS claims,
                         count(*) FILTER (WHERE t.to_state = 'complete') AS completions,
                         max(t.to_state) FILTER (WHERE t.most_recent) AS current_state
                  FROM tasker.workflow_steps s
                  JOIN tasker.workflow_step_transitions t ON t.workflow_step_uuid = s.workflow_step_uuid
                  WHERE s.task_uuid = ANY (?)
                  GROUP BY s.workflow_step_uuid, s.attempts) per_step""";

    /**
     * What the check found.
     *
     * @param tasks                 tasks found with transitions
     * @param tasksNotCompletedOnce tasks with zero or several transitions to {@code complete}
     * @param steps                 workflow steps of those tasks
     * @param stepsNotComplete      steps whose current state is not {@code complete}
     * @param stepsNotClaimedOnce   steps claimed (moved to {@code in_progress}) zero or several times
     * @param stepsNotCompletedOnce steps with zero or several transitions to {@code complete}
     * @param stepsRetried          steps whose attempt count is not 1
     */
    public record Report(long tasks, long tasksNotCompletedOnce, long steps, long stepsNotComplete,
                         long stepsNotClaimedOnce, long stepsNotCompletedOnce, long stepsRetried) {

        /**
         * @param expectedTasks tasks created
         * @param expectedSteps steps those tasks have
         * @return true when every task and step ran exactly once
         */
        public boolean exactlyOnce(long expectedTasks, long expectedSteps) {
            return tasks == expectedTasks && steps == expectedSteps && tasksNotCompletedOnce == 0
                    && stepsNotComplete == 0 && stepsNotClaimedOnce == 0 && stepsNotCompletedOnce == 0
                    && stepsRetried == 0;
        }
    }

    private ExactlyOnceCheck() {
    }

    /**
     * @param connection a connection to the orchestrator's database
     * @param taskUuids  the tasks to check
     * @return what was found
     * @throws SQLException when a query fails (e.g. the schema differs)
     */
    public static Report check(Connection connection, UUID[] taskUuids) throws SQLException {
        Array uuids = connection.createArrayOf("uuid", taskUuids);
        long[] tasks = counts(connection, TASKS, uuids, 2);
        long[] steps = counts(connection, STEPS, uuids, 5);
        return new Report(tasks[0], tasks[1], steps[0], steps[1], steps[2], steps[3], steps[4]);
    }

    private static long[] counts(Connection connection, String sql, Array uuids, int columns) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, uuids);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long[] values = new long[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = rs.getLong(i + 1);
                }
                return values;
            }
        }
    }
}
