-- Step readiness and task execution context computed in SQL, in the manner of tasker-core's
-- get_step_readiness_status / get_task_execution_context (written for Tasker's schema; DESIGN §3 rules).

-- One row per workflow step of a task, saying whether it can run now and why not.
--
-- A step is ready_for_execution when all hold:
--   * its current state is pending or waiting_for_retry;
--   * dependencies_satisfied: every direct parent is complete or resolved_manually;
--   * retry_eligible: the first attempt is always allowed (attempts = 0); later attempts need retryable and
--     attempts < max_attempts (max_attempts counts all attempts; an attempt is counted when a worker claims the step);
--   * its backoff has expired: next_retry_at is null or not in the future.
CREATE FUNCTION tasker.get_step_readiness_status(input_task_uuid uuid)
RETURNS TABLE (
    workflow_step_uuid      uuid,
    task_uuid               uuid,
    name                    text,
    current_state           text,
    dependencies_satisfied  boolean,
    retry_eligible          boolean,
    ready_for_execution     boolean,
    next_retry_at           timestamptz,
    total_parents           integer,
    completed_parents       integer,
    attempts                integer,
    max_attempts            integer,
    retryable               boolean
)
LANGUAGE sql STABLE
AS $fn$
    WITH task_steps AS (
        SELECT ws.workflow_step_uuid, ws.task_uuid, ws.name, ws.attempts, ws.max_attempts, ws.retryable,
               ws.next_retry_at, COALESCE(t.to_state, 'pending') AS state
        FROM tasker.workflow_steps ws
        LEFT JOIN tasker.workflow_step_transitions t
               ON t.workflow_step_uuid = ws.workflow_step_uuid AND t.most_recent
        WHERE ws.task_uuid = input_task_uuid
    ),
    parent_counts AS (
        SELECT e.to_step_uuid,
               count(*)::integer AS total,
               (count(*) FILTER (WHERE p.state IN ('complete', 'resolved_manually')))::integer AS done
        FROM tasker.workflow_step_edges e
        JOIN task_steps p ON p.workflow_step_uuid = e.from_step_uuid
        GROUP BY e.to_step_uuid
    ),
    flags AS (
        SELECT s.*,
               COALESCE(pc.total, 0) AS total_parents,
               COALESCE(pc.done, 0) AS completed_parents,
               COALESCE(pc.done = pc.total, true) AS deps_ok,
               (s.attempts = 0 OR (s.retryable AND s.attempts < s.max_attempts)) AS retry_ok
        FROM task_steps s
        LEFT JOIN parent_counts pc ON pc.to_step_uuid = s.workflow_step_uuid
    )
    SELECT f.workflow_step_uuid, f.task_uuid, f.name, f.state,
           f.deps_ok,
           f.retry_ok,
           f.state IN ('pending', 'waiting_for_retry') AND f.deps_ok AND f.retry_ok
               AND (f.next_retry_at IS NULL OR f.next_retry_at <= now()),
           f.next_retry_at, f.total_parents, f.completed_parents, f.attempts, f.max_attempts, f.retryable
    FROM flags f
    ORDER BY f.name;
$fn$;

-- One row summarising a task: its state, step counts by state, ready steps, and what the orchestrator should do.
--
-- execution_status (first matching rule):
--   blocked_by_failures       a step is in error (retryable failures wait in waiting_for_retry instead)
--   has_ready_steps           a step is ready_for_execution
--   processing                a step is enqueued, in progress, or its result awaits orchestration
--   all_complete              every step is complete or resolved_manually
--   waiting_for_retry         a step waits for its backoff to expire
--   waiting_for_dependencies  otherwise
-- recommended_action maps these to handle_failures, execute_ready_steps, wait_for_completion, finalize_task,
-- wait_for_retry and wait_for_dependencies.
CREATE FUNCTION tasker.get_task_execution_context(input_task_uuid uuid)
RETURNS TABLE (
    task_uuid                         uuid,
    status                            text,
    total_steps                       integer,
    pending_steps                     integer,
    enqueued_steps                    integer,
    in_progress_steps                 integer,
    enqueued_for_orchestration_steps  integer,
    waiting_for_retry_steps           integer,
    completed_steps                   integer,
    resolved_manually_steps           integer,
    failed_steps                      integer,
    cancelled_steps                   integer,
    ready_steps                       integer,
    execution_status                  text,
    recommended_action                text,
    completion_percentage             numeric,
    health_status                     text
)
LANGUAGE sql STABLE
AS $fn$
    WITH counts AS (
        SELECT count(*)::integer AS total,
               (count(*) FILTER (WHERE r.current_state = 'pending'))::integer AS pending,
               (count(*) FILTER (WHERE r.current_state = 'enqueued'))::integer AS enqueued,
               (count(*) FILTER (WHERE r.current_state = 'in_progress'))::integer AS in_progress,
               (count(*) FILTER (WHERE r.current_state IN ('enqueued_for_orchestration',
                                                           'enqueued_as_error_for_orchestration')))::integer AS orchestrating,
               (count(*) FILTER (WHERE r.current_state = 'waiting_for_retry'))::integer AS waiting_retry,
               (count(*) FILTER (WHERE r.current_state IN ('complete', 'resolved_manually')))::integer AS completed,
               (count(*) FILTER (WHERE r.current_state = 'resolved_manually'))::integer AS resolved,
               (count(*) FILTER (WHERE r.current_state = 'error'))::integer AS failed,
               (count(*) FILTER (WHERE r.current_state = 'cancelled'))::integer AS cancelled,
               (count(*) FILTER (WHERE r.ready_for_execution))::integer AS ready
        FROM tasker.get_step_readiness_status(input_task_uuid) r
    ),
    classified AS (
        SELECT c.*,
               CASE
                   WHEN c.failed > 0 THEN 'blocked_by_failures'
                   WHEN c.ready > 0 THEN 'has_ready_steps'
                   WHEN c.enqueued + c.in_progress + c.orchestrating > 0 THEN 'processing'
                   WHEN c.total > 0 AND c.completed = c.total THEN 'all_complete'
                   WHEN c.waiting_retry > 0 THEN 'waiting_for_retry'
                   ELSE 'waiting_for_dependencies'
               END AS execution_status
        FROM counts c
    )
    SELECT t.task_uuid,
           COALESCE(tt.to_state, 'pending'),
           c.total, c.pending, c.enqueued, c.in_progress, c.orchestrating, c.waiting_retry, c.completed, c.resolved,
           c.failed, c.cancelled, c.ready,
           c.execution_status,
           CASE c.execution_status
               WHEN 'blocked_by_failures' THEN 'handle_failures'
               WHEN 'has_ready_steps' THEN 'execute_ready_steps'
               WHEN 'processing' THEN 'wait_for_completion'
               WHEN 'all_complete' THEN 'finalize_task'
               WHEN 'waiting_for_retry' THEN 'wait_for_retry'
               ELSE 'wait_for_dependencies'
           END,
           CASE WHEN c.total = 0 THEN 0.0 ELSE round(100.0 * c.completed / c.total, 2) END,
           CASE
               WHEN c.failed > 0 THEN 'blocked'
               WHEN c.waiting_retry > 0 THEN 'recovering'
               ELSE 'healthy'
           END
    FROM tasker.tasks t
    CROSS JOIN classified c
    LEFT JOIN tasker.task_transitions tt ON tt.task_uuid = t.task_uuid AND tt.most_recent
    WHERE t.task_uuid = input_task_uuid;
$fn$;
