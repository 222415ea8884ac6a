package dev.tasker.lambda;

/**
 * The function cannot start: its configuration is invalid or its handler module is missing or not a
 * valid handler. Thrown from the function's constructor (Lambda's init phase), so Lambda reports an init
 * error ({@code errorType} {@code dev.tasker.lambda.FunctionInitException}) to every caller until the
 * function is fixed, instead of serving results.
 */
public class FunctionInitException extends RuntimeException {

    /** @param message what is wrong and where (environment variable, module path or resource) */
    public FunctionInitException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where
     * @param cause the underlying failure
     */
    public FunctionInitException(String message, Throwable cause) {
        super(message, cause);
    }
}
