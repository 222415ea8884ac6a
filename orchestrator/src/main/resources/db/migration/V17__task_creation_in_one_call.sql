-- Task creation in one call.
--
-- TaskCreator wrote a task in eight round trips inside its transaction: the task row, its first transition, the
-- steps with their edges, the steps' first transitions, the task.created outbox event and the first advance, plus
-- the handler pins before and the signals read after. Under the orchestrator benchmark (fsync on, 2,000 linear-4
-- tasks created by 8 concurrent clients) creation was the largest source of statements: about 7 per workflow step
-- of 13, and every sample of a connection idle in transaction was a creation waiting for its next round trip.
-- tasker.create_task now writes all of it in one call, and tasker.insert_steps (also used for the steps decisions
-- and batches create, StepFactory) the steps, edges and first transitions in one. Same rows, same order, same
-- outbox event; the creating transaction still holds everything (a failure leaves nothing behind).
SET check_function_bodies = false;

-- Inserts workflow steps of p_task: p_rows holds one object per step, parents before children, with position,
-- workflow_step_uuid, name, template_step_name, step_type, handler_name, handler_digest, config, inputs, retryable,
-- max_attempts, backoff, backoff_base_ms, max_backoff_ms, timeout_seconds (StepFactory). created_at is
-- clock_timestamp() plus position microseconds, so the rows sort in list order. Edges: the pair
-- (p_edge_dependencies[i], p_edge_children[i]) links every step of the task that instantiates the template step
-- p_edge_dependencies[i] (created earlier or in this call) to the new step p_edge_children[i]. Each new step gets its
-- first transition (pending, sort_key 0, metadata {"reason": "created"}). Returns the new steps' uuids in order.
CREATE FUNCTION tasker.insert_steps(p_task uuid, p_rows jsonb, p_edge_dependencies text[], p_edge_children uuid[])
RETURNS SETOF uuid LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    v_created uuid[];
BEGIN
    WITH new_steps AS (
        INSERT INTO tasker.workflow_steps (workflow_step_uuid, task_uuid, name, template_step_name, step_type,
                                           handler_name, handler_digest, config, inputs, retryable, max_attempts,
                                           backoff, backoff_base_ms, max_backoff_ms, timeout_seconds, created_at)
        SELECT s.workflow_step_uuid, p_task, s.name, s.template_step_name, s.step_type, s.handler_name,
               s.handler_digest, s.config, s.inputs, s.retryable, s.max_attempts, s.backoff, s.backoff_base_ms,
               s.max_backoff_ms, s.timeout_seconds, clock_timestamp() + s.position * interval '1 microsecond'
          FROM jsonb_to_recordset(p_rows) AS s (position integer, workflow_step_uuid uuid, name text,
                    template_step_name text, step_type text, handler_name text, handler_digest text, config jsonb,
                    inputs jsonb, retryable boolean, max_attempts integer, backoff text, backoff_base_ms bigint,
                    max_backoff_ms bigint, timeout_seconds integer)
         ORDER BY s.position
        RETURNING workflow_step_uuid, template_step_name, created_at
    ), task_steps AS (
        SELECT n.workflow_step_uuid, n.template_step_name FROM new_steps n
        UNION ALL
        SELECT ws.workflow_step_uuid, ws.template_step_name FROM tasker.workflow_steps ws WHERE ws.task_uuid = p_task
    ), edges AS (
        INSERT INTO tasker.workflow_step_edges (from_step_uuid, to_step_uuid)
        SELECT parent.workflow_step_uuid, e.child
          FROM unnest(p_edge_dependencies, p_edge_children) AS e (dependency, child)
          JOIN task_steps parent ON parent.template_step_name = e.dependency
    )
    SELECT array_agg(n.workflow_step_uuid ORDER BY n.created_at) INTO v_created FROM new_steps n;
    INSERT INTO tasker.workflow_step_transitions (workflow_step_uuid, from_state, to_state, metadata, sort_key,
                                                  most_recent)
    SELECT s.id, NULL, 'pending', '{"reason": "created"}'::jsonb, 0, true
      FROM unnest(v_created) WITH ORDINALITY s (id, i) ORDER BY s.i;
    RETURN QUERY SELECT unnest(v_created);
END;
$fn$;

-- Creates a task in the caller's transaction: the task row, its first transition (pending, metadata
-- {"reason": "created"}), its initial steps (tasker.insert_steps with p_steps, p_edge_dependencies,
-- p_edge_children), the task.created outbox event ({task_uuid, namespace, name, version, correlation_id}) and its
-- first advance (tasker.advance_tasks: the root steps enqueued). Returns the task's state afterwards. Raises
-- unique_violation when identity_hash or idempotency_key is taken (TaskCreator answers 409 with the existing task).
CREATE FUNCTION tasker.create_task(p_task uuid, p_template uuid, p_namespace text, p_name text, p_version text,
                                   p_context jsonb, p_correlation_id text, p_identity_hash text,
                                   p_idempotency_key text, p_handler_pins jsonb, p_steps jsonb,
                                   p_edge_dependencies text[], p_edge_children uuid[])
RETURNS text LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
BEGIN
    INSERT INTO tasker.tasks (task_uuid, template_uuid, namespace, name, version, context, correlation_id,
                              identity_hash, idempotency_key, handler_pins)
    VALUES (p_task, p_template, p_namespace, p_name, p_version, p_context, p_correlation_id, p_identity_hash,
            p_idempotency_key, p_handler_pins);
    INSERT INTO tasker.task_transitions (task_uuid, from_state, to_state, metadata, sort_key, most_recent)
    VALUES (p_task, NULL, 'pending', '{"reason": "created"}'::jsonb, 0, true);
    PERFORM tasker.insert_steps(p_task, p_steps, p_edge_dependencies, p_edge_children);
    INSERT INTO tasker.outbox (aggregate_type, aggregate_uuid, event_type, payload)
    VALUES ('task', p_task, 'task.created',
            jsonb_build_object('task_uuid', p_task, 'namespace', p_namespace, 'name', p_name, 'version', p_version,
                               'correlation_id', p_correlation_id));
    RETURN (SELECT a.state FROM tasker.advance_tasks(ARRAY[p_task]) a);
END;
$fn$;
