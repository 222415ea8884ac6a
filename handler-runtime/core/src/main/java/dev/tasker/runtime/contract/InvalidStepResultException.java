package dev.tasker.runtime.contract;

/**
 * Thrown by {@link ContractJson#readResult} when bytes are not a valid step result. The message
 * names the offending field, e.g. {@code field 'error.retryable' is missing}, or describes the JSON
 * syntax error with its line and column.
 */
public class InvalidStepResultException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where
     */
    public InvalidStepResultException(String message) {
        super(message);
    }
}
