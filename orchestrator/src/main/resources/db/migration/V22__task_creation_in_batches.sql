-- Task creation in batches: concurrent creations share one call, one transaction and one commit.
--
-- Each task creation was a transaction of its own (V17's create_task): its rows, then the first advance of that one
-- task, whose statements (execution context, readiness, the root steps' transitions and messages, the task path,
-- its outbox rows) each ran for a single task, and a commit that waited for its WAL flush. In the orchestrator
-- benchmark (fsync on, 2,000 linear-4 tasks, 8 concurrent creators) creation took 40 % of the time PostgreSQL spent
-- in statements (pg_stat_statements), and create_task's single-task advance alone 10.7 ms per call against 1.8 ms per
-- task in the result batches' advances of ~13 tasks.
--
-- TaskCreator now creates with group commit (GroupCommit, as StepResultRecorder records outcomes): creations that
-- arrive while one batch is being written are written together by the next call of tasker.create_tasks. Same rows,
-- same transitions, same outbox event and first advance per task as create_task wrote, as sets:
--   * the task rows in one INSERT ... ON CONFLICT DO NOTHING: a task whose identity hash or idempotency key is taken
--     (by an existing task, a concurrent creation, or an earlier task of the same batch) is not inserted and comes
--     back with created = false, so one duplicate no longer fails its neighbours (TaskCreator answers it 409 with
--     the existing task);
--   * the first transitions and the task.created events of the inserted tasks in one statement each, in batch order;
--   * their steps, edges and steps' first transitions by tasker.insert_steps, one call per task (it resolves edges
--     by template step name within the task);
--   * one advance_tasks for all of them (the root steps enqueued).
-- create_task has no caller left and goes.
SET check_function_bodies = false;

-- Creates the tasks of p_tasks, an array of objects with position (the batch order), task_uuid, template_uuid,
-- namespace, name, version, context, correlation_id, identity_hash, idempotency_key, handler_pins, steps (rows as
-- insert_steps takes them), edge_dependencies (text array) and edge_children (uuid array, same length). Returns
-- every task of p_tasks in position order, created = false for one refused as a duplicate (nothing written for it).
CREATE FUNCTION tasker.create_tasks(p_tasks jsonb)
RETURNS TABLE (task_uuid uuid, created boolean) LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    v_created uuid[];
    v_task jsonb;
BEGIN
    WITH inserted AS (
        INSERT INTO tasker.tasks (task_uuid, template_uuid, namespace, name, version, context, correlation_id,
                                  identity_hash, idempotency_key, handler_pins)
        SELECT t.task_uuid, t.template_uuid, t.namespace, t.name, t.version, t.context, t.correlation_id,
               t.identity_hash, t.idempotency_key, t.handler_pins
          FROM jsonb_to_recordset(p_tasks) AS t (position integer, task_uuid uuid, template_uuid uuid, namespace text,
                    name text, version text, context jsonb, correlation_id text, identity_hash text,
                    idempotency_key text, handler_pins jsonb)
         ORDER BY t.position
        ON CONFLICT DO NOTHING
        RETURNING task_uuid
    )
    SELECT coalesce(array_agg(i.task_uuid), '{}') INTO v_created FROM inserted i;
    IF cardinality(v_created) > 0 THEN
        INSERT INTO tasker.task_transitions (task_uuid, from_state, to_state, metadata, sort_key, most_recent)
        SELECT t.task_uuid, NULL, 'pending', '{"reason": "created"}'::jsonb, 0, true
          FROM jsonb_to_recordset(p_tasks) AS t (position integer, task_uuid uuid)
         WHERE t.task_uuid = ANY (v_created)
         ORDER BY t.position;
        FOR v_task IN SELECT e.value FROM jsonb_array_elements(p_tasks) e
                       WHERE (e.value->>'task_uuid')::uuid = ANY (v_created)
                       ORDER BY (e.value->>'position')::integer LOOP
            PERFORM tasker.insert_steps((v_task->>'task_uuid')::uuid, v_task->'steps',
                ARRAY(SELECT d.name FROM jsonb_array_elements_text(v_task->'edge_dependencies') WITH ORDINALITY d (name, i)
                       ORDER BY d.i),
                ARRAY(SELECT c.id::uuid FROM jsonb_array_elements_text(v_task->'edge_children') WITH ORDINALITY c (id, i)
                       ORDER BY c.i));
        END LOOP;
        INSERT INTO tasker.outbox (aggregate_type, aggregate_uuid, event_type, payload)
        SELECT 'task', t.task_uuid, 'task.created',
               jsonb_build_object('task_uuid', t.task_uuid, 'namespace', t.namespace, 'name', t.name,
                                  'version', t.version, 'correlation_id', t.correlation_id)
          FROM jsonb_to_recordset(p_tasks) AS t (position integer, task_uuid uuid, namespace text, name text,
                    version text, correlation_id text)
         WHERE t.task_uuid = ANY (v_created)
         ORDER BY t.position;
        PERFORM tasker.advance_tasks(v_created);
    END IF;
    RETURN QUERY
    SELECT t.task_uuid, t.task_uuid = ANY (v_created)
      FROM jsonb_to_recordset(p_tasks) AS t (position integer, task_uuid uuid)
     ORDER BY t.position;
END;
$fn$;

DROP FUNCTION tasker.create_task(uuid, uuid, text, text, text, jsonb, text, text, text, jsonb, jsonb, text[], uuid[]);
