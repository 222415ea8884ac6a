-- The transition logs without a foreign-key check per appended row.
--
-- Both transition tables referenced their entity (task_transitions.task_uuid -> tasks,
-- workflow_step_transitions.workflow_step_uuid -> workflow_steps, ON DELETE CASCADE). PostgreSQL checks such a
-- reference after every inserted row with a query of its own (SELECT ... FOR KEY SHARE on the referenced row), which
-- also locks the task's or step's row and writes that lock to the WAL. A workflow step appends about 4.5 step
-- transitions and its task about 3.5 task transitions per step, so the checks ran 8 times per step; in the
-- orchestrator benchmark (fsync on, 2,000 linear-4 tasks in flight, PostgreSQL 17, 2 cores) foreign-key checks
-- took 7.7 % of PostgreSQL's CPU (perf, 6 s of the throughput run) and their row locks were the most frequent WAL
-- record of workflow_steps.
--
-- The checks never found anything: every row of these tables is written by Tasker's SQL functions, and each one
-- proves the entity exists as it writes:
--   - a first transition (sort_key 0) is inserted by the function that inserts the task (create_task) or the step
--     (insert_steps), in the same call;
--   - every later one is appended by transition_steps / transition_tasks only for an entity whose current row
--     (most_recent) it has just retired, which exists only if the entity does.
-- The unique (entity, sort_key) and most_recent indexes still hold each entity's history in order.
--
-- Deleting a task or a step (an operator's clean-up; the orchestrator deletes nothing) still deletes their
-- transitions: a statement-level trigger on each entity table does what ON DELETE CASCADE did, once per DELETE
-- statement instead of once per row. Tests: StateMachineTest.deletingATaskDeletesItsAndItsStepsTransitions.
ALTER TABLE tasker.task_transitions DROP CONSTRAINT task_transitions_task_uuid_fkey;
ALTER TABLE tasker.workflow_step_transitions DROP CONSTRAINT workflow_step_transitions_workflow_step_uuid_fkey;

CREATE FUNCTION tasker.delete_task_transitions() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM tasker.task_transitions t WHERE t.task_uuid IN (SELECT d.task_uuid FROM deleted d);
    RETURN NULL;
END;
$fn$;

CREATE FUNCTION tasker.delete_step_transitions() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM tasker.workflow_step_transitions t
     WHERE t.workflow_step_uuid IN (SELECT d.workflow_step_uuid FROM deleted d);
    RETURN NULL;
END;
$fn$;

CREATE TRIGGER tasks_delete_transitions AFTER DELETE ON tasker.tasks
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION tasker.delete_task_transitions();
CREATE TRIGGER workflow_steps_delete_transitions AFTER DELETE ON tasker.workflow_steps
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION tasker.delete_step_transitions();
