package dev.tasker.orchestrator.registry;

/** A different template is already registered under the same {@code namespace/name@version}. */
public class TemplateConflictException extends RuntimeException {
    public TemplateConflictException(String key) {
        super("template " + key + " is already registered with different content; templates are immutable,"
                + " register the change under a new version");
    }
}
