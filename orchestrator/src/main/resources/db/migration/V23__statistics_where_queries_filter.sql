-- Planner statistics only for the columns that queries filter, join or sort on, in the tables every workflow step
-- writes to.
--
-- V19 took the JSON documents out of ANALYZE. The next benchmark runs (fsync on, 2,000 linear-4 tasks in flight,
-- PostgreSQL 17, 2 cores) still spent 15-17 % of PostgreSQL's CPU in autovacuum's ANALYZE (perf, 6 s of the
-- throughput run): each run of it samples up to 30,000 rows and sorts every sampled column, and text is compared
-- under the database's collation. The tables a step writes grow fast (8 transition rows, one step, 1.5 outbox rows
-- per step), so while they are small (a fresh database, the benchmark) autovacuum analyzes them every few seconds;
-- on a large table the same work comes once per 10 % of growth.
--
-- Most columns are never in a condition: identifiers looked up through unique indexes (which need no statistics to
-- estimate one row), timestamps only shown, copies of template settings, the transition rows' bookkeeping. Their
-- statistics target goes to 0, so ANALYZE skips them (ALTER TABLE ... SET STATISTICS). Kept: the keys and foreign
-- keys tables are joined on, what the task list filters and sorts on (tasks.namespace, name, created_at; the
-- current to_state), the step columns the readiness and retry queries test (name, step_type, next_retry_at,
-- attempts), most_recent, and the outbox's published_at. StatisticsTargetTest checks what ANALYZE keeps for the
-- transition tables.
ALTER TABLE tasker.task_transitions
    ALTER COLUMN task_transition_uuid SET STATISTICS 0,
    ALTER COLUMN from_state SET STATISTICS 0,
    ALTER COLUMN sort_key SET STATISTICS 0,
    ALTER COLUMN created_at SET STATISTICS 0,
    ALTER COLUMN updated_at SET STATISTICS 0;
ALTER TABLE tasker.workflow_step_transitions
    ALTER COLUMN workflow_step_transition_uuid SET STATISTICS 0,
    ALTER COLUMN from_state SET STATISTICS 0,
    ALTER COLUMN sort_key SET STATISTICS 0,
    ALTER COLUMN created_at SET STATISTICS 0,
    ALTER COLUMN updated_at SET STATISTICS 0;
ALTER TABLE tasker.workflow_steps
    ALTER COLUMN handler_name SET STATISTICS 0,
    ALTER COLUMN handler_digest SET STATISTICS 0,
    ALTER COLUMN template_step_name SET STATISTICS 0,
    ALTER COLUMN retryable SET STATISTICS 0,
    ALTER COLUMN max_attempts SET STATISTICS 0,
    ALTER COLUMN backoff SET STATISTICS 0,
    ALTER COLUMN backoff_base_ms SET STATISTICS 0,
    ALTER COLUMN max_backoff_ms SET STATISTICS 0,
    ALTER COLUMN timeout_seconds SET STATISTICS 0,
    ALTER COLUMN last_attempted_at SET STATISTICS 0,
    ALTER COLUMN execution_time_ms SET STATISTICS 0,
    ALTER COLUMN created_at SET STATISTICS 0,
    ALTER COLUMN updated_at SET STATISTICS 0,
    ALTER COLUMN completed_at SET STATISTICS 0;
ALTER TABLE tasker.tasks
    ALTER COLUMN correlation_id SET STATISTICS 0,
    ALTER COLUMN identity_hash SET STATISTICS 0,
    ALTER COLUMN idempotency_key SET STATISTICS 0,
    ALTER COLUMN updated_at SET STATISTICS 0,
    ALTER COLUMN completed_at SET STATISTICS 0;
ALTER TABLE tasker.workflow_step_edges
    ALTER COLUMN name SET STATISTICS 0,
    ALTER COLUMN created_at SET STATISTICS 0;
ALTER TABLE tasker.outbox
    ALTER COLUMN aggregate_type SET STATISTICS 0,
    ALTER COLUMN aggregate_uuid SET STATISTICS 0,
    ALTER COLUMN event_type SET STATISTICS 0,
    ALTER COLUMN created_at SET STATISTICS 0;
