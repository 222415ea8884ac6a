package dev.tasker.loadtests.client;

/**
 * The orchestrator answered a request with an unexpected HTTP status, or could not be reached.
 * The message names the request and holds the response body (an {@code application/problem+json} document
 * for API errors).
 */
public final class OrchestratorApiException extends RuntimeException {

    private final int status;

    /**
     * @param request e.g. {@code POST /v1/tasks}
     * @param status  HTTP status, or 0 when no response was received
     * @param body    response body or failure description
     */
    public OrchestratorApiException(String request, int status, String body) {
        super(request + (status == 0 ? " failed: " : " answered " + status + ": ") + body);
        this.status = status;
    }

    /** @return the HTTP status, or 0 when no response was received */
    public int status() {
        return status;
    }
}
