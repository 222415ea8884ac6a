package dev.tasker.orchestrator.task;

/** The task, workflow step or template a request names does not exist. */
public class TaskNotFoundException extends RuntimeException {
    public TaskNotFoundException(String message) {
        super(message);
    }
}
