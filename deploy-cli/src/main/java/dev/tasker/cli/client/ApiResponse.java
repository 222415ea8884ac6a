package dev.tasker.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful (2xx) orchestrator response.
 *
 * @param status HTTP status, e.g. 200 or 201 (the handler and template endpoints use 201 for "created"
 *               and 200 for "already there")
 * @param body   the JSON body (a missing node when the body was empty)
 */
public record ApiResponse(int status, JsonNode body) {
}
