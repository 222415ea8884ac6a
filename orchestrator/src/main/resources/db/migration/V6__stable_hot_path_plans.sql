-- Keep the hot path's plans index probes whatever the planner's statistics say.
--
-- PL/pgSQL functions and the reactive client's prepared statements cache a generic plan per connection. On a new
-- database the first plans are made while Tasker's tables are still empty and unanalyzed; the planner then found
-- hash joins over whole tables as cheap as index probes and, for the transitions' compare-and-swap, chose the
-- to_state index: every transition scanned all rows in its state (and their dead versions). The plans stayed for
-- the connection's life, so the CPU a step cost grew with the database (orchestrator benchmark, 1,000 linear-4
-- tasks in flight: 9.4 PostgreSQL CPU-ms per step, the transition UPDATE 1.2 ms on average; auto_explain showed
-- the plans).

-- The append-only guard is rebuilt in 4; its V4 triggers go first (a column named by a trigger cannot change type).
DROP TRIGGER task_transitions_append_only ON tasker.task_transitions;
DROP TRIGGER workflow_step_transitions_append_only ON tasker.workflow_step_transitions;

-- 1. Transition states as domains instead of table CHECK constraints. PostgreSQL reads a table's CHECK constraints
--    back from their stored node trees at the start of every INSERT and UPDATE statement on it (ExecRelCheck),
--    whatever columns the statement sets: the ten-value state lists cost ~15 microseconds per statement, and a
--    transition is two statements on these tables (perf under the benchmark: node-tree parsing was 8.6 % of
--    PostgreSQL's CPU). A domain's constraint is loaded once per session (type cache) and checked only where a value
--    is assigned. Same values as V1; from_state, unchecked until now, takes the same domain (NULL for an entity's
--    first transition).

CREATE DOMAIN tasker.task_state AS text CHECK (VALUE IN (
    'pending', 'initializing', 'enqueuing_steps', 'steps_in_process', 'evaluating_results', 'waiting_for_dependencies',
    'waiting_for_retry', 'blocked_by_failures', 'complete', 'error', 'cancelled', 'resolved_manually'));

CREATE DOMAIN tasker.step_state AS text CHECK (VALUE IN (
    'pending', 'enqueued', 'in_progress', 'enqueued_for_orchestration', 'enqueued_as_error_for_orchestration',
    'waiting_for_retry', 'complete', 'error', 'cancelled', 'resolved_manually'));

ALTER TABLE tasker.task_transitions
    DROP CONSTRAINT task_transitions_to_state_check,
    ALTER COLUMN to_state TYPE tasker.task_state,
    ALTER COLUMN from_state TYPE tasker.task_state;

ALTER TABLE tasker.workflow_step_transitions
    DROP CONSTRAINT workflow_step_transitions_to_state_check,
    ALTER COLUMN to_state TYPE tasker.step_state,
    ALTER COLUMN from_state TYPE tasker.step_state;

-- 2. The state indexes end with the entity, so the compare-and-swap (entity, most_recent, to_state) is a single-row
--    probe through either index. Listing by state (task list filter, retry scheduler, claim recovery) still uses
--    them by their leading column.
DROP INDEX tasker.task_transitions_current_state;
CREATE INDEX task_transitions_current_state ON tasker.task_transitions (to_state, task_uuid) WHERE most_recent;
DROP INDEX tasker.workflow_step_transitions_current_state;
CREATE INDEX workflow_step_transitions_current_state
    ON tasker.workflow_step_transitions (to_state, workflow_step_uuid) WHERE most_recent;

-- 3. The hot-path functions whose statements join or read sets: every table access there is by key (a step, a
--    task, a batch of them), so they plan as nested loops of index probes. The settings apply while the function
--    runs (and to what it calls); they cost ~3 microseconds per call.
ALTER FUNCTION tasker.claim_steps(text, integer, integer)
    SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
ALTER FUNCTION tasker.process_step_results(integer, integer)
    SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
ALTER FUNCTION tasker.advance_task(uuid)
    SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;
ALTER FUNCTION tasker.dependency_results(uuid)
    SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off;

-- 4. The append-only guard (V4) as column-scoped triggers: the update a transition allows (clearing most_recent,
--    touching updated_at) names none of the other columns, so it fires no trigger at all; V4's WHEN clause compared
--    both row versions as jsonb on every transition. Same rule: any other column in SET is rejected, and so is
--    setting most_recent unless it clears a true flag. A column added to these tables later must be added here.

CREATE TRIGGER task_transitions_append_only
    BEFORE UPDATE OF task_transition_uuid, task_uuid, from_state, to_state, metadata, sort_key, created_at
    ON tasker.task_transitions FOR EACH ROW EXECUTE FUNCTION tasker.reject_transition_update();
CREATE TRIGGER task_transitions_most_recent_cleared_only
    BEFORE UPDATE OF most_recent ON tasker.task_transitions FOR EACH ROW
    WHEN (NEW.most_recent OR NOT OLD.most_recent) EXECUTE FUNCTION tasker.reject_transition_update();

CREATE TRIGGER workflow_step_transitions_append_only
    BEFORE UPDATE OF workflow_step_transition_uuid, workflow_step_uuid, from_state, to_state, metadata, sort_key,
                     created_at
    ON tasker.workflow_step_transitions FOR EACH ROW EXECUTE FUNCTION tasker.reject_transition_update();
CREATE TRIGGER workflow_step_transitions_most_recent_cleared_only
    BEFORE UPDATE OF most_recent ON tasker.workflow_step_transitions FOR EACH ROW
    WHEN (NEW.most_recent OR NOT OLD.most_recent) EXECUTE FUNCTION tasker.reject_transition_update();
