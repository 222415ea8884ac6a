-- Tell waiting clients that a task finished: a move to a terminal state (complete, error, cancelled,
-- resolved_manually) also NOTIFYs tasker_task_finished with the task's uuid, delivered when (and only if) the moving
-- transaction commits. Every orchestrator instance LISTENs on the channel (NotificationListener) and wakes the
-- long-polls of GET /v1/tasks/{task_uuid}?wait_ms= waiting for that task (TaskCompletionWaiters), whichever
-- instance finished it. Every terminal move goes through this function (TaskCoordinator.move, advance_task).
-- The body is V4's otherwise; CREATE OR REPLACE keeps the function's identity, so its callers need no change.

CREATE OR REPLACE FUNCTION tasker.move_task(p_task uuid, p_from text, p_to text, p_metadata jsonb)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT tasker.transition_task(p_task, p_from, p_to, p_metadata) THEN
        RETURN false;
    END IF;
    IF p_to IN ('complete', 'error', 'cancelled', 'resolved_manually') THEN
        UPDATE tasker.tasks SET updated_at = now(), completed_at = now() WHERE task_uuid = p_task;
        PERFORM tasker.append_outbox('task', p_task, 'task.' || p_to,
                                     jsonb_build_object('task_uuid', p_task, 'state', p_to));
        PERFORM pg_notify('tasker_task_finished', p_task::text);
    ELSE
        -- several moves in one transaction write the row once (now() is the transaction's start time)
        UPDATE tasker.tasks SET updated_at = now(), completed_at = NULL
         WHERE task_uuid = p_task AND (updated_at <> now() OR completed_at IS NOT NULL);
    END IF;
    RETURN true;
END;
$fn$;
