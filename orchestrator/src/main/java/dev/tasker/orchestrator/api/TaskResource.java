package dev.tasker.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.task.StepView;
import dev.tasker.orchestrator.task.TaskCreator;
import dev.tasker.orchestrator.task.TaskLongPoll;
import dev.tasker.orchestrator.task.TaskOperations;
import dev.tasker.orchestrator.task.TaskPage;
import dev.tasker.orchestrator.task.TaskQueries;
import dev.tasker.orchestrator.task.TaskRequest;
import dev.tasker.orchestrator.task.TaskView;
import dev.tasker.orchestrator.task.TransitionView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Tasks and their workflow steps ({@code /v1/tasks}). */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tasks")
public class TaskResource {

    private final TaskCreator creator;
    private final TaskQueries queries;
    private final TaskOperations operations;
    private final TaskLongPoll longPoll;

    public TaskResource(TaskCreator creator, TaskQueries queries, TaskOperations operations, TaskLongPoll longPoll) {
        this.creator = creator;
        this.queries = queries;
        this.operations = operations;
        this.longPoll = longPoll;
    }

    /** {@code POST /v1/tasks} body. */
    public record CreateTask(String namespace, String name, String version, JsonNode context, String idempotencyKey,
                             String correlationId) {
    }

    /** {@code complete_manually} body. */
    public record ManualResult(JsonNode result) {
    }

    /** Transitions of a task: {@code {task_uuid, transitions:[...]}}. */
    public record Transitions(UUID taskUuid, List<TransitionView> transitions) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a task from a registered template",
            description = "201 task JSON; 404 unknown template; 409 duplicate (existing_task_uuid); 422 context fails "
                    + "input_schema (errors[]) or a handler is not deployed.")
    public Response create(CreateTask body) {
        if (body == null || body.namespace() == null || body.name() == null) {
            throw new IllegalArgumentException("body must name the template: {\"namespace\", \"name\", \"version\"?, "
                    + "\"context\", \"idempotency_key\"?, \"correlation_id\"?}");
        }
        UUID task = creator.create(new TaskRequest(body.namespace(), body.name(), body.version(), body.context(),
                body.idempotencyKey(), body.correlationId()));
        return Response.status(201).entity(queries.task(task)).build();
    }

    @GET
    @Operation(summary = "List tasks, newest first")
    public TaskPage list(@QueryParam("namespace") String namespace, @QueryParam("name") String name,
                         @QueryParam("state") String state, @QueryParam("limit") @DefaultValue("50") int limit,
                         @QueryParam("offset") @DefaultValue("0") int offset) {
        return queries.list(namespace, name, state, limit, offset);
    }

    /**
     * {@code GET /v1/tasks/{task_uuid}[?wait_ms=N]}: the task, at once or (long-poll) as soon as it is terminal.
     * Starts on a worker thread ({@code @Blocking}: the first read blocks); a wait holds no thread
     * ({@link TaskLongPoll}).
     *
     * @param waitMs {@code null} or 0..{@value TaskLongPoll#MAX_WAIT_MS}: ms to wait for a non-terminal task to
     *               finish
     * @throws IllegalArgumentException (400) when {@code wait_ms} is not an integer in range
     */
    @GET
    @Path("/{task_uuid}")
    @Blocking
    @Operation(summary = "Get a task with its steps and step counts",
            description = "With wait_ms > 0 (long-poll) a task not yet in a terminal state (complete, error, cancelled, "
                    + "resolved_manually) is answered as soon as it reaches one, or after wait_ms with its state then. "
                    + "400 wait_ms out of range; 404 unknown task.")
    public Uni<TaskView> get(@PathParam("task_uuid") UUID task,
                             @Parameter(description = "Wait up to this many ms for the task to reach a terminal state; "
                                     + "0 (default) answers at once",
                                     schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                                             maximum = "" + TaskLongPoll.MAX_WAIT_MS, defaultValue = "0"))
                             @QueryParam("wait_ms") String waitMs) {
        return longPoll.task(task, TaskLongPoll.waitTime(waitMs));
    }

    @POST
    @Path("/{task_uuid}/cancel")
    @Operation(summary = "Cancel a task (409 if already terminal)")
    public TaskView cancel(@PathParam("task_uuid") UUID task) {
        operations.cancel(task);
        return queries.task(task);
    }

    @GET
    @Path("/{task_uuid}/steps/{step}")
    @Operation(summary = "Get a workflow step by uuid or name")
    public StepView step(@PathParam("task_uuid") UUID task, @PathParam("step") String step) {
        return queries.step(task, step);
    }

    @POST
    @Path("/{task_uuid}/steps/{step}/reset_for_retry")
    @Operation(summary = "Reset a step in error for new attempts")
    public StepView resetForRetry(@PathParam("task_uuid") UUID task, @PathParam("step") String step) {
        operations.resetForRetry(task, step);
        return queries.step(task, step);
    }

    @POST
    @Path("/{task_uuid}/steps/{step}/resolve_manually")
    @Operation(summary = "Mark a step resolved by an operator (satisfies its dependents)")
    public StepView resolveManually(@PathParam("task_uuid") UUID task, @PathParam("step") String step) {
        operations.resolveManually(task, step);
        return queries.step(task, step);
    }

    @POST
    @Path("/{task_uuid}/steps/{step}/complete_manually")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Complete a step with an operator-supplied result")
    public StepView completeManually(@PathParam("task_uuid") UUID task, @PathParam("step") String step,
                                     ManualResult body) {
        if (body == null || body.result() == null) {
            throw new IllegalArgumentException("body must be {\"result\": <json>}");
        }
        operations.completeManually(task, step, body.result());
        return queries.step(task, step);
    }

    @GET
    @Path("/{task_uuid}/transitions")
    @Operation(summary = "Task and step transitions in the order they were recorded")
    public Transitions transitions(@PathParam("task_uuid") UUID task) {
        return new Transitions(task, queries.transitions(task));
    }
}
