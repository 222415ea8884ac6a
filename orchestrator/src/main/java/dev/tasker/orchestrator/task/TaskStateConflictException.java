package dev.tasker.orchestrator.task;

/** An operation does not fit the current state of a task or workflow step (e.g. cancelling a completed task). */
public class TaskStateConflictException extends RuntimeException {
    public TaskStateConflictException(String message) {
        super(message);
    }
}
