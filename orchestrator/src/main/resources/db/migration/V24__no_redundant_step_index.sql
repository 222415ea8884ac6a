-- workflow_steps_by_task (task_uuid) goes: two other indexes of workflow_steps lead with task_uuid
-- (workflow_steps_name_per_task on (task_uuid, name), unique, and workflow_steps_by_template_step on
-- (task_uuid, template_step_name)), and a B-tree on (a, b) serves every lookup and order by a alone. It cost an index
-- entry per inserted step and its WAL. IndexesTest fails when an index of a tasker table is again a prefix of another.
DROP INDEX tasker.workflow_steps_by_task;
