-- Task moves: paths of transitions in one statement pair, and a NOTIFY when a task finishes.
--
-- Paths: advancing a task after a step result records a path of states (steps_in_process -> evaluating_results ->
-- enqueuing_steps -> steps_in_process, tasker-core's model): V4 wrote each as a compare-and-swap UPDATE plus an
-- INSERT whose row the next UPDATE retired again. A path is now one compare-and-swap on the current row and one
-- INSERT of all its rows, only the last one most_recent: the same history (states, from_state chain, sort_keys,
-- metadata), two statements instead of six, and no dead row versions for the intermediate states.
--
-- Finished: a move to a terminal state (complete, error, cancelled, resolved_manually) also NOTIFYs
-- tasker_task_finished with the task's uuid, delivered when (and only if) the moving transaction commits. Every
-- orchestrator instance LISTENs on the channel (NotificationListener) and wakes the long-polls of
-- GET /v1/tasks/{task_uuid}?wait_ms= waiting for that task (TaskCompletionWaiters), whichever instance finished it.
-- Every terminal move goes through move_task_path (TaskCoordinator.move via move_task, advance_task).

-- p_path's states in order after p_from: true when applied, false (nothing written) when the task was not in p_from.
CREATE FUNCTION tasker.transition_task_path(p_task uuid, p_from text, p_path text[], p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
    v_sort integer;
BEGIN
    UPDATE tasker.task_transitions SET most_recent = false, updated_at = clock_timestamp()
     WHERE task_uuid = p_task AND most_recent AND to_state = p_from
    RETURNING sort_key INTO v_sort;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO tasker.task_transitions (task_uuid, from_state, to_state, metadata, sort_key, most_recent)
    SELECT p_task, COALESCE(p_path[i - 1], p_from), p_path[i], COALESCE(p_metadata, '{}'::jsonb), v_sort + i,
           i = cardinality(p_path)
      FROM generate_subscripts(p_path, 1) i
     ORDER BY i;
    RETURN true;
END;
$fn$;

CREATE OR REPLACE FUNCTION tasker.transition_task(p_task uuid, p_from text, p_to text, p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    RETURN tasker.transition_task_path(p_task, p_from, ARRAY[p_to], p_metadata);
END;
$fn$;

-- A path of task transitions with the side effects of the state it ends in (V4's move_task rules): updated_at, and
-- completed_at, a task.<state> outbox event and a tasker_task_finished NOTIFY for a terminal state.
CREATE FUNCTION tasker.move_task_path(p_task uuid, p_from text, p_path text[], p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
    v_to text := p_path[cardinality(p_path)];
BEGIN
    IF NOT tasker.transition_task_path(p_task, p_from, p_path, p_metadata) THEN
        RETURN false;
    END IF;
    IF v_to IN ('complete', 'error', 'cancelled', 'resolved_manually') THEN
        UPDATE tasker.tasks SET updated_at = now(), completed_at = now() WHERE task_uuid = p_task;
        PERFORM tasker.append_outbox('task', p_task, 'task.' || v_to,
                                     jsonb_build_object('task_uuid', p_task, 'state', v_to));
        PERFORM pg_notify('tasker_task_finished', p_task::text);
    ELSE
        -- several moves in one transaction write the row once (now() is the transaction's start time)
        UPDATE tasker.tasks SET updated_at = now(), completed_at = NULL
         WHERE task_uuid = p_task AND (updated_at <> now() OR completed_at IS NOT NULL);
    END IF;
    RETURN true;
END;
$fn$;

CREATE OR REPLACE FUNCTION tasker.move_task(p_task uuid, p_from text, p_to text, p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    RETURN tasker.move_task_path(p_task, p_from, ARRAY[p_to], p_metadata);
END;
$fn$;

-- V4's advance_task, its route now one path (and V6's planner settings, which CREATE OR REPLACE would drop).
CREATE OR REPLACE FUNCTION tasker.advance_task(p_task uuid)
RETURNS text LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $fn$
DECLARE
    v_namespace text;
    v_correlation_id text;
    v_current text;
    v_context record;
    v_step record;
    v_enqueued integer := 0;
    v_outcome text[];
    v_route text[];
    v_metadata jsonb;
BEGIN
    SELECT t.namespace, t.correlation_id, tt.to_state INTO v_namespace, v_correlation_id, v_current
      FROM tasker.tasks t JOIN tasker.task_transitions tt ON tt.task_uuid = t.task_uuid AND tt.most_recent
     WHERE t.task_uuid = p_task;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'task % does not exist', p_task USING ERRCODE = 'no_data_found';
    END IF;
    IF v_current IN ('complete', 'error', 'cancelled', 'resolved_manually') THEN
        RETURN v_current;
    END IF;
    SELECT * INTO v_context FROM tasker.get_task_execution_context(p_task);
    CASE v_context.execution_status
        WHEN 'has_ready_steps' THEN
            FOR v_step IN SELECT r.workflow_step_uuid, r.current_state, r.attempts
                            FROM tasker.get_step_readiness_status(p_task) r WHERE r.ready_for_execution LOOP
                IF tasker.transition_step(v_step.workflow_step_uuid, v_step.current_state, 'enqueued',
                                          jsonb_build_object('attempt', v_step.attempts + 1)) THEN
                    UPDATE tasker.workflow_steps SET next_retry_at = NULL, updated_at = now()
                     WHERE workflow_step_uuid = v_step.workflow_step_uuid AND next_retry_at IS NOT NULL;
                    PERFORM tasker.send_step_message('worker_' || v_namespace || '_queue', p_task,
                                                     v_step.workflow_step_uuid, v_correlation_id);
                    v_enqueued := v_enqueued + 1;
                END IF;
            END LOOP;
            v_outcome := ARRAY['enqueuing_steps', 'steps_in_process'];
        WHEN 'blocked_by_failures' THEN
            v_outcome := CASE WHEN v_context.enqueued_steps + v_context.in_progress_steps
                                   + v_context.enqueued_for_orchestration_steps = 0
                              THEN ARRAY['blocked_by_failures', 'error'] ELSE ARRAY['blocked_by_failures'] END;
        WHEN 'processing' THEN
            v_outcome := ARRAY['steps_in_process'];
        WHEN 'all_complete' THEN
            v_outcome := ARRAY[CASE WHEN v_context.resolved_manually_steps > 0 THEN 'resolved_manually' ELSE 'complete' END];
        WHEN 'waiting_for_retry' THEN
            v_outcome := ARRAY['waiting_for_retry'];
        ELSE
            v_outcome := ARRAY['waiting_for_dependencies'];
    END CASE;
    IF v_enqueued = 0 AND v_outcome[cardinality(v_outcome)] = v_current THEN
        RETURN v_current;
    END IF;
    v_route := CASE WHEN v_current = 'pending' THEN ARRAY['initializing']
                    WHEN v_current IN ('initializing', 'evaluating_results') THEN ARRAY[]::text[]
                    ELSE ARRAY['evaluating_results'] END || v_outcome;
    v_metadata := jsonb_build_object('execution_status', v_context.execution_status,
                                     'ready_steps', v_context.ready_steps, 'enqueued_steps', v_enqueued);
    IF NOT tasker.move_task_path(p_task, v_current, v_route, v_metadata) THEN
        RAISE EXCEPTION 'task % is no longer %', p_task, v_current USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN v_route[cardinality(v_route)];
END;
$fn$;
