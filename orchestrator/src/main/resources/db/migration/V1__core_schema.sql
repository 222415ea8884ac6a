-- Tasker core schema: task templates, handler registry, tasks, workflow steps and their DAG edges,
-- append-only state transitions, and the outbox for lifecycle/domain events.
-- Table and column names follow tasker-core's model (tasks, workflow_steps, workflow_step_edges,
-- task_transitions, workflow_step_transitions). All objects live in schema "tasker" (created by Flyway).

-- ---------------------------------------------------------------------------------------------------------------
-- Task templates: the validated template as JSON plus the YAML it came from. A (namespace, name, version) key is
-- immutable once registered: a changed template needs a new version.
CREATE TABLE tasker.task_templates (
    template_uuid  uuid        PRIMARY KEY,
    namespace      text        NOT NULL,
    name           text        NOT NULL,
    version        text        NOT NULL,
    description    text        NOT NULL DEFAULT '',
    definition     jsonb       NOT NULL,
    source         text        NOT NULL,
    content_hash   text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT task_templates_key UNIQUE (namespace, name, version)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Handler registry. Module bytes are stored once per digest; a handler name has versions (digests), at most one
-- of them live.
CREATE TABLE tasker.handler_modules (
    digest      text        PRIMARY KEY CHECK (digest ~ '^sha256:[0-9a-f]{64}$'),
    bytes       bytea       NOT NULL,
    size_bytes  bigint      NOT NULL CHECK (size_bytes = octet_length(bytes)),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tasker.handler_versions (
    name          text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
    digest        text        NOT NULL REFERENCES tasker.handler_modules (digest),
    live          boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    activated_at  timestamptz,
    PRIMARY KEY (name, digest)
);
CREATE UNIQUE INDEX handler_versions_one_live ON tasker.handler_versions (name) WHERE live;

-- ---------------------------------------------------------------------------------------------------------------
-- Tasks. identity_hash = sha256 of the template key and the canonical JSON of the context (DESIGN §3).
CREATE TABLE tasker.tasks (
    task_uuid        uuid        PRIMARY KEY,
    template_uuid    uuid        NOT NULL REFERENCES tasker.task_templates (template_uuid),
    namespace        text        NOT NULL,
    name             text        NOT NULL,
    version          text        NOT NULL,
    context          jsonb       NOT NULL,
    correlation_id   text,
    identity_hash    text        NOT NULL,
    idempotency_key  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz
);
CREATE UNIQUE INDEX tasks_identity_hash ON tasker.tasks (identity_hash);
CREATE UNIQUE INDEX tasks_idempotency_key ON tasker.tasks (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX tasks_by_template ON tasker.tasks (namespace, name, created_at DESC);
CREATE INDEX tasks_by_created ON tasker.tasks (created_at DESC);

-- ---------------------------------------------------------------------------------------------------------------
-- Workflow steps: one row per step of a task, with everything needed to run it pinned at creation (handler
-- digest, configuration, retry policy, timeout), attempt bookkeeping and the latest result or error.
CREATE TABLE tasker.workflow_steps (
    workflow_step_uuid  uuid        PRIMARY KEY,
    task_uuid           uuid        NOT NULL REFERENCES tasker.tasks (task_uuid) ON DELETE CASCADE,
    name                text        NOT NULL,
    step_type           text        NOT NULL DEFAULT 'standard',
    handler_name        text        NOT NULL,
    handler_digest      text        NOT NULL REFERENCES tasker.handler_modules (digest),
    config              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    inputs              jsonb,
    checkpoint          jsonb,
    retryable           boolean     NOT NULL DEFAULT true,
    max_attempts        integer     NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    backoff             text        NOT NULL DEFAULT 'exponential' CHECK (backoff IN ('exponential', 'linear', 'fixed')),
    backoff_base_ms     bigint      NOT NULL DEFAULT 1000 CHECK (backoff_base_ms >= 0),
    max_backoff_ms      bigint      NOT NULL DEFAULT 30000 CHECK (max_backoff_ms >= 0),
    timeout_seconds     integer     CHECK (timeout_seconds > 0),
    attempts            integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_attempted_at   timestamptz,
    next_retry_at       timestamptz,
    results             jsonb,
    error               jsonb,
    result_metadata     jsonb,
    execution_time_ms   bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    CONSTRAINT workflow_steps_name_per_task UNIQUE (task_uuid, name)
);
CREATE INDEX workflow_steps_by_task ON tasker.workflow_steps (task_uuid);

-- DAG edges: from_step is a direct parent of to_step.
CREATE TABLE tasker.workflow_step_edges (
    from_step_uuid  uuid        NOT NULL REFERENCES tasker.workflow_steps (workflow_step_uuid) ON DELETE CASCADE,
    to_step_uuid    uuid        NOT NULL REFERENCES tasker.workflow_steps (workflow_step_uuid) ON DELETE CASCADE,
    name            text        NOT NULL DEFAULT 'provides',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (from_step_uuid, to_step_uuid),
    CHECK (from_step_uuid <> to_step_uuid)
);
CREATE INDEX workflow_step_edges_to ON tasker.workflow_step_edges (to_step_uuid);

-- ---------------------------------------------------------------------------------------------------------------
-- State transitions (append-only). The current state of an entity is its row with most_recent = true; the unique
-- partial indexes keep exactly one such row per entity; sort_key orders an entity's history from 0.
CREATE TABLE tasker.task_transitions (
    task_transition_uuid  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    task_uuid             uuid        NOT NULL REFERENCES tasker.tasks (task_uuid) ON DELETE CASCADE,
    from_state            text,
    to_state              text        NOT NULL CHECK (to_state IN (
                              'pending', 'initializing', 'enqueuing_steps', 'steps_in_process',
                              'evaluating_results', 'waiting_for_dependencies', 'waiting_for_retry',
                              'blocked_by_failures', 'complete', 'error', 'cancelled', 'resolved_manually')),
    metadata              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    sort_key              integer     NOT NULL CHECK (sort_key >= 0),
    most_recent           boolean     NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT task_transitions_sort UNIQUE (task_uuid, sort_key)
);
CREATE UNIQUE INDEX task_transitions_most_recent ON tasker.task_transitions (task_uuid) WHERE most_recent;
CREATE INDEX task_transitions_current_state ON tasker.task_transitions (to_state) WHERE most_recent;

CREATE TABLE tasker.workflow_step_transitions (
    workflow_step_transition_uuid  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_step_uuid             uuid        NOT NULL REFERENCES tasker.workflow_steps (workflow_step_uuid) ON DELETE CASCADE,
    from_state                     text,
    to_state                       text        NOT NULL CHECK (to_state IN (
                                       'pending', 'enqueued', 'in_progress', 'enqueued_for_orchestration',
                                       'enqueued_as_error_for_orchestration', 'waiting_for_retry', 'complete',
                                       'error', 'cancelled', 'resolved_manually')),
    metadata                       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    sort_key                       integer     NOT NULL CHECK (sort_key >= 0),
    most_recent                    boolean     NOT NULL,
    created_at                     timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at                     timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT workflow_step_transitions_sort UNIQUE (workflow_step_uuid, sort_key)
);
CREATE UNIQUE INDEX workflow_step_transitions_most_recent
    ON tasker.workflow_step_transitions (workflow_step_uuid) WHERE most_recent;
CREATE INDEX workflow_step_transitions_current_state
    ON tasker.workflow_step_transitions (to_state) WHERE most_recent;

-- Append-only guard: a transition row may only lose its most_recent flag (when a newer one is appended).
CREATE FUNCTION tasker.transitions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.most_recent AND NOT NEW.most_recent
       AND NEW.from_state IS NOT DISTINCT FROM OLD.from_state
       AND NEW.to_state = OLD.to_state
       AND NEW.metadata = OLD.metadata
       AND NEW.sort_key = OLD.sort_key
       AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'transitions are append-only: % row % may only have most_recent cleared',
        TG_TABLE_NAME, OLD.sort_key USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER task_transitions_append_only BEFORE UPDATE ON tasker.task_transitions
    FOR EACH ROW EXECUTE FUNCTION tasker.transitions_append_only();
CREATE TRIGGER workflow_step_transitions_append_only BEFORE UPDATE ON tasker.workflow_step_transitions
    FOR EACH ROW EXECUTE FUNCTION tasker.transitions_append_only();

-- ---------------------------------------------------------------------------------------------------------------
-- Outbox: lifecycle and domain events written in the same transaction as the state change that caused them;
-- a relay publishes unpublished rows (e.g. to Kafka) in outbox_id order and stamps published_at.
CREATE TABLE tasker.outbox (
    outbox_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    aggregate_type  text        NOT NULL CHECK (aggregate_type IN ('task', 'workflow_step')),
    aggregate_uuid  uuid        NOT NULL,
    event_type      text        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz
);
CREATE INDEX outbox_unpublished ON tasker.outbox (outbox_id) WHERE published_at IS NULL;
