package dev.tasker.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.SqlJson;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): {@code {type, title, status, detail, instance}}
 * plus extension members ({@code errors}, {@code existing_task_uuid}, {@code reason}, {@code parameter},
 * {@code existing_limits}).
 *
 * <p>{@code type} is {@code https://tasker.dev/problems/<slug>}; the slugs are listed in {@code docs/rest-api.md}.
 */
public final class Problem {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://tasker.dev/problems/";

    private final ObjectNode body = SqlJson.MAPPER.createObjectNode();
    private final int status;

    private Problem(int status, String slug, String title, String detail) {
        this.status = status;
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
    }

    /**
     * @param status HTTP status
     * @param slug   problem type slug, e.g. {@code invalid-template}
     * @param title  short summary of the problem type
     * @param detail what went wrong in this occurrence
     */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail);
    }

    /** Adds an extension member. */
    public Problem with(String member, JsonNode value) {
        body.set(member, value);
        return this;
    }

    /** Adds an extension member. */
    public Problem with(String member, String value) {
        body.put(member, value);
        return this;
    }

    /** @return the response with {@code instance} set to the request path */
    public Response toResponse(String instance) {
        if (instance != null) {
            body.put("instance", instance);
        }
        try {
            return Response.status(status).type(MEDIA_TYPE).entity(SqlJson.MAPPER.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
