package dev.tasker.orchestrator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.registry.StoredTemplate;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import dev.tasker.orchestrator.task.TaskNotFoundException;
import dev.tasker.orchestrator.template.StepDefinition;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.template.TemplateValidationException;
import dev.tasker.orchestrator.template.TemplateWriter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Task template registration and lookup ({@code /v1/templates}). */
@Path("/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "templates")
public class TemplateResource {

    private final TemplateRegistry registry;

    public TemplateResource(TemplateRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registered template: {@code {namespace, name, version, key, step_count, steps:[names]}}.
     */
    public record Registered(String namespace, String name, String version, String key, int stepCount, List<String> steps) {
    }

    /** Listed template: {@code {namespace, name, version, key, step_count, description}}. */
    public record Summary(String namespace, String name, String version, String key, int stepCount, String description) {
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Register a task template (YAML body)",
            description = "201 when registered, 200 when an identical template was already registered; 400 unparseable "
                    + "YAML, 422 invalid template (errors[] with source, line, column, field, message), 409 a different "
                    + "template has the same namespace/name@version.")
    public Response register(String yaml) throws TemplateValidationException {
        TemplateRegistry.Registration registration = registry.register(yaml == null ? "" : yaml, "<api>");
        TaskTemplate t = registration.stored().template();
        Registered body = new Registered(t.namespace(), t.name(), t.version(), t.key(), t.steps().size(),
                t.steps().stream().map(StepDefinition::name).toList());
        return Response.status(registration.created() ? 201 : 200).entity(body).build();
    }

    @GET
    @Operation(summary = "List registered task templates")
    public List<Summary> list() {
        return registry.list().stream().map(StoredTemplate::template)
                .map(t -> new Summary(t.namespace(), t.name(), t.version(), t.key(), t.steps().size(), t.description()))
                .toList();
    }

    @GET
    @Path("/{namespace}/{name}")
    @Operation(summary = "Get a task template (latest version unless ?version= is given)")
    public ObjectNode get(@PathParam("namespace") String namespace, @PathParam("name") String name,
                          @QueryParam("version") String version) {
        StoredTemplate stored = registry.find(namespace, name, version).orElseThrow(() -> new TaskNotFoundException(
                "no task template " + namespace + "/" + name + (version == null ? "" : "@" + version)));
        return TemplateWriter.toJson(stored.template());
    }
}
