package dev.tasker.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;

/**
 * The orchestrator answered with an error status. Carries the RFC 9457 problem document
 * ({@code {type, title, status, detail, ...extension fields}}, API.md §2) so commands can read extension
 * fields such as {@code errors}, {@code reason} or {@code existing_task_uuid}.
 *
 * <p>Exit code by status: 404 → {@link ExitCode#NOT_FOUND}; 400, 413, 415, 422 → {@link ExitCode#INVALID_INPUT};
 * 409 → {@link ExitCode#CONFLICT}; anything else → {@link ExitCode#INTERNAL_ERROR}.
 */
public final class ApiException extends CliException {

    private final int status;
    private final JsonNode problem;

    /**
     * @param request what was sent, e.g. {@code GET /v1/tasks/…}, for the message
     * @param status  HTTP status
     * @param problem the problem document; an object with just {@code detail} when the body was not JSON
     */
    public ApiException(String request, int status, JsonNode problem) {
        super(exitCodeFor(status), describe(request, status, problem));
        this.status = status;
        this.problem = problem == null ? JsonNodeFactory.instance.objectNode() : problem;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the problem document (never null; missing fields read as missing nodes) */
    public JsonNode problem() {
        return problem;
    }

    /** @return the problem's {@code detail}, else its {@code title}, else an empty string */
    public String detail() {
        return problem.path("detail").asText(problem.path("title").asText(""));
    }

    static ExitCode exitCodeFor(int status) {
        return switch (status) {
            case 404 -> ExitCode.NOT_FOUND;
            case 400, 413, 415, 422 -> ExitCode.INVALID_INPUT;
            case 409 -> ExitCode.CONFLICT;
            default -> ExitCode.INTERNAL_ERROR;
        };
    }

    private static String describe(String request, int status, JsonNode problem) {
        String detail = problem == null ? "" : problem.path("detail").asText(problem.path("title").asText(""));
        String text = detail.isBlank() ? "the orchestrator answered HTTP " + status : detail;
        return text + " (HTTP " + status + " for " + request + ")";
    }
}
