package dev.tasker.orchestrator.registry;

/** A handler name, or a digest under a handler name, is not in the registry. */
public class UnknownHandlerException extends RuntimeException {
    public UnknownHandlerException(String message) {
        super(message);
    }
}
