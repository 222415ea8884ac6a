package dev.tasker.orchestrator.registry;

/** An upload's limit parameter ({@code memory_mb} or {@code timeout_ms}) is not a whole number or is out of range. */
public class InvalidHandlerLimitException extends RuntimeException {

    private final String parameter;

    /**
     * @param parameter the query parameter at fault ({@code memory_mb} or {@code timeout_ms})
     * @param message   what is wrong with it and the accepted range
     */
    public InvalidHandlerLimitException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** @return the query parameter at fault */
    public String parameter() {
        return parameter;
    }
}
