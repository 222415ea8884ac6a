package dev.tasker.orchestrator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.registry.HandlerLimitsConflictException;
import dev.tasker.orchestrator.registry.InvalidHandlerLimitException;
import dev.tasker.orchestrator.registry.TemplateConflictException;
import dev.tasker.orchestrator.registry.UnknownHandlerException;
import dev.tasker.orchestrator.state.IllegalTransitionException;
import dev.tasker.orchestrator.task.DuplicateTaskException;
import dev.tasker.orchestrator.task.InvalidContextException;
import dev.tasker.orchestrator.task.TaskNotFoundException;
import dev.tasker.orchestrator.task.TaskStateConflictException;
import dev.tasker.orchestrator.task.UndeployedHandlersException;
import dev.tasker.orchestrator.template.ContextProblem;
import dev.tasker.orchestrator.template.TemplateProblem;
import dev.tasker.orchestrator.template.TemplateValidationException;
import dev.tasker.runtime.module.ModuleValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Maps the orchestrator's exceptions to problem documents ({@link Problem}). */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** A problem type whose documents differ only in {@code detail}. */
    private record FixedProblem(int status, String slug, String title) {
    }

    /** Exceptions mapped to a fixed problem type, with their message as {@code detail}. */
    private static final Map<Class<? extends RuntimeException>, FixedProblem> FIXED = Map.of(
            TemplateConflictException.class, new FixedProblem(409, "template-conflict", "Template version already registered"),
            UnknownHandlerException.class, new FixedProblem(404, "unknown-handler", "Handler not found"),
            TaskNotFoundException.class, new FixedProblem(404, "not-found", "Not found"),
            TaskStateConflictException.class, new FixedProblem(409, "state-conflict", "Not possible in the current state"),
            IllegalTransitionException.class, new FixedProblem(409, "illegal-transition", "Illegal state transition"),
            IllegalArgumentException.class, new FixedProblem(400, "bad-request", "Bad request"));

    @ServerExceptionMapper
    public Response invalidTemplate(TemplateValidationException e, UriInfo uri) {
        boolean syntax = e.problems().stream().allMatch(p -> p.field().isEmpty());
        ArrayNode errors = SqlJson.MAPPER.createArrayNode();
        for (TemplateProblem p : e.problems()) {
            errors.addObject().put("source", p.source()).put("line", p.line()).put("column", p.column())
                    .put("field", p.field()).put("message", p.message());
        }
        return Problem.of(syntax ? 400 : 422, syntax ? "unparseable-template" : "invalid-template",
                        syntax ? "Template is not valid YAML" : "Template is invalid",
                        e.problems().size() + " problem(s) in the task template")
                .with("errors", errors).toResponse(path(uri));
    }

    @ServerExceptionMapper
    public Response invalidModule(ModuleValidationException e, UriInfo uri) {
        return Problem.of(422, "invalid-module", "Module is not an acceptable handler", e.getMessage())
                .with("reason", e.reason().name()).toResponse(path(uri));
    }

    @ServerExceptionMapper
    public Response invalidLimit(InvalidHandlerLimitException e, UriInfo uri) {
        return Problem.of(422, "invalid-handler-limit", "Invalid handler limit", e.getMessage())
                .with("parameter", e.parameter()).toResponse(path(uri));
    }

    @ServerExceptionMapper
    public Response limitsConflict(HandlerLimitsConflictException e, UriInfo uri) {
        return Problem.of(409, "handler-limits-conflict", "Handler version already stored with other limits",
                e.getMessage()).with("existing_limits", SqlJson.MAPPER.createObjectNode()
                        .put("memory_mb", e.existing().memoryMb()).put("timeout_ms", e.existing().timeoutMs()))
                .toResponse(path(uri));
    }

    @ServerExceptionMapper
    public Response duplicateTask(DuplicateTaskException e, UriInfo uri) {
        return Problem.of(409, "duplicate-task", "Task already exists", e.getMessage())
                .with("existing_task_uuid", e.existingTaskUuid().toString()).toResponse(path(uri));
    }

    @ServerExceptionMapper
    public Response invalidContext(InvalidContextException e, UriInfo uri) {
        ArrayNode errors = SqlJson.MAPPER.createArrayNode();
        for (ContextProblem p : e.problems()) {
            errors.addObject().put("source", "context").put("field", p.pointer()).put("message", p.message());
        }
        return Problem.of(422, "invalid-context", "Context does not match the template's input_schema", e.getMessage())
                .with("errors", errors).toResponse(path(uri));
    }

    @ServerExceptionMapper
    public Response undeployedHandlers(UndeployedHandlersException e, UriInfo uri) {
        ArrayNode errors = SqlJson.MAPPER.createArrayNode();
        for (String callable : e.callables()) {
            ObjectNode error = errors.addObject();
            error.put("source", "template").put("field", "handler.callable")
                    .put("message", "handler '" + callable + "' is not deployed or has no live version");
        }
        return Problem.of(422, "handler-not-deployed", "Template uses handlers that are not deployed", e.getMessage())
                .with("errors", errors).toResponse(path(uri));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return Problem.of(status, "http-" + status, title, e.getMessage()).toResponse(path(uri));
    }

    /**
     * Maps the exceptions listed in {@link #FIXED} (looked up by the exception's class, then its superclasses) to their
     * problem type with the message as {@code detail}; any other runtime exception is logged and becomes a 500
     * {@code internal-error}. Exceptions with a mapper of their own above never reach this one.
     */
    @ServerExceptionMapper
    public Response fixedOrUnexpected(RuntimeException e, UriInfo uri) {
        for (Class<?> type = e.getClass(); type != RuntimeException.class; type = type.getSuperclass()) {
            FixedProblem fixed = FIXED.get(type);
            if (fixed != null) {
                return Problem.of(fixed.status(), fixed.slug(), fixed.title(), e.getMessage()).toResponse(path(uri));
            }
        }
        LOG.errorf(e, "Unexpected error on %s", path(uri));
        return Problem.of(500, "internal-error", "Internal error",
                "the orchestrator failed to handle the request: " + e.getClass().getSimpleName() + ": " + e.getMessage())
                .toResponse(path(uri));
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
