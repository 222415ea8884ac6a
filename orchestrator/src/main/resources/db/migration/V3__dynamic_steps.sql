-- Dynamic workflows (DESIGN §4): steps created while a task runs.
-- template_step_name: the template step a workflow step instantiates (equal to name, except batch worker instances
-- named {worker_template_name}_{batch_id}); handler_pins: the handler digest pinned at task creation for every
-- template step, so steps created later run the version that was live when the task was created.
ALTER TABLE tasker.workflow_steps ADD COLUMN template_step_name text;
UPDATE tasker.workflow_steps SET template_step_name = name WHERE template_step_name IS NULL;
ALTER TABLE tasker.workflow_steps ALTER COLUMN template_step_name SET NOT NULL;
CREATE INDEX workflow_steps_by_template_step ON tasker.workflow_steps (task_uuid, template_step_name);

ALTER TABLE tasker.tasks ADD COLUMN handler_pins jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Steps created in one transaction keep their creation (topological) order.
ALTER TABLE tasker.workflow_steps ALTER COLUMN created_at SET DEFAULT clock_timestamp();
