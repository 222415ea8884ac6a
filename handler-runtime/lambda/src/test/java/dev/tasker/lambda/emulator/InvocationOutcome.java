package dev.tasker.lambda.emulator;

/**
 * What one invocation returned, as the Invoke API reports it.
 *
 * @param payload       the response payload (the function's result, or the error document when
 *                      {@code functionError} is set)
 * @param functionError null on success; {@code "Unhandled"} when the function failed, timed out or could
 *                      not initialize (sent as the {@code X-Amz-Function-Error} header)
 */
public record InvocationOutcome(byte[] payload, String functionError) {

    static final String UNHANDLED = "Unhandled";

    static InvocationOutcome success(byte[] payload) {
        return new InvocationOutcome(payload, null);
    }

    static InvocationOutcome failure(byte[] errorDocument) {
        return new InvocationOutcome(errorDocument, UNHANDLED);
    }
}
