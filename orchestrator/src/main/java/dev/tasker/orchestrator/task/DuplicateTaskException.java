package dev.tasker.orchestrator.task;

import java.util.UUID;

/** A task with the same identity hash (template and context) or idempotency key already exists. */
public class DuplicateTaskException extends RuntimeException {

    private final UUID existingTaskUuid;

    public DuplicateTaskException(UUID existingTaskUuid, String reason) {
        super("a task with the same " + reason + " already exists: " + existingTaskUuid);
        this.existingTaskUuid = existingTaskUuid;
    }

    /** @return the task that already exists */
    public UUID existingTaskUuid() {
        return existingTaskUuid;
    }
}
