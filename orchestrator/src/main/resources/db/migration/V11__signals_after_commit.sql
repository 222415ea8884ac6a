-- Wake-up notifications leave the data transactions: they are collected in the transaction and sent after it
-- commits.
--
-- PostgreSQL serializes the commits of all transactions that called NOTIFY: PreCommit_Notify takes one
-- database-wide heavyweight lock (AccessExclusiveLock on a shared object) and holds it until the commit is over,
-- WAL flush included. send_step_message NOTIFYed in every transaction that enqueued a workflow step or recorded its
-- result, and move_task_path in every transaction that finished a task, so with fsync on (every commit waits for
-- its fdatasync) those transactions queued behind each other's flushes: under load most of PostgreSQL's backends
-- waited on that lock (pg_stat_activity: wait_event_type Lock, wait_event object) and throughput halved.
--
-- Now they call tasker.signal(channel, payload), which only remembers the notification in the transaction
-- (a transaction-local setting, so a rollback forgets it). The orchestrator reads the set before it commits
-- (current_setting('tasker.signals', true), Database.transaction) and, once the commit succeeded, wakes its own
-- consumers at once and sends the NOTIFYs for the other instances from a separate short transaction with
-- synchronous_commit off (NotificationPublisher), which holds the lock for microseconds. A notification is still
-- sent only for committed work; one lost in a crash between the commit and the NOTIFY is covered by the
-- consumers' fallback polling, as a notification missed by a disconnected listener always was.

-- Remembers NOTIFY channel + payload for the orchestrator to send after the commit; duplicates are kept once.
-- The set is one line per notification, "<channel> <payload>\n".
CREATE FUNCTION tasker.signal(p_channel text, p_payload text)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    v_signals text := coalesce(current_setting('tasker.signals', true), '');
    v_line text := p_channel || ' ' || p_payload || E'\n';
BEGIN
    IF position(v_line IN v_signals) = 0 THEN
        PERFORM set_config('tasker.signals', v_signals || v_line, true);
    END IF;
END;
$fn$;

-- V9's send_step_message, its NOTIFY now a signal.
CREATE OR REPLACE FUNCTION tasker.send_step_message(p_queue text, p_task uuid, p_step uuid, p_correlation_id text)
RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
    v_message jsonb := jsonb_build_object('task_uuid', p_task, 'step_uuid', p_step, 'correlation_id', p_correlation_id);
    v_id bigint;
BEGIN
    IF p_queue = 'orchestration_step_results' THEN
        INSERT INTO pgmq.q_orchestration_step_results (vt, message) VALUES (clock_timestamp(), v_message)
        RETURNING msg_id INTO v_id;
    ELSE
        EXECUTE format('INSERT INTO pgmq.%I (vt, message) VALUES (clock_timestamp(), $1) RETURNING msg_id',
                       'q_' || lower(p_queue))
           INTO v_id USING v_message;
    END IF;
    PERFORM tasker.signal('tasker_queue_activity', p_queue);
    RETURN v_id;
END;
$fn$;

-- V7's move_task_path, its NOTIFY now a signal.
CREATE OR REPLACE FUNCTION tasker.move_task_path(p_task uuid, p_from text, p_path text[], p_metadata jsonb)
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
        PERFORM tasker.signal('tasker_task_finished', p_task::text);
    ELSE
        -- several moves in one transaction write the row once (now() is the transaction's start time)
        UPDATE tasker.tasks SET updated_at = now(), completed_at = NULL
         WHERE task_uuid = p_task AND (updated_at <> now() OR completed_at IS NOT NULL);
    END IF;
    RETURN true;
END;
$fn$;
