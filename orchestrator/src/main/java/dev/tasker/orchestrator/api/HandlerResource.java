package dev.tasker.orchestrator.api;

import dev.tasker.orchestrator.registry.HandlerRegistry;
import dev.tasker.orchestrator.registry.HandlerSummary;
import dev.tasker.orchestrator.registry.HandlerVersion;
import dev.tasker.runtime.module.ModuleValidationException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;

/** The handler registry ({@code /v1/handlers}). */
@Path("/v1/handlers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "handlers")
public class HandlerResource {

    private final HandlerRegistry registry;

    public HandlerResource(HandlerRegistry registry) {
        this.registry = registry;
    }

    /** Upload answer: {@code {name, digest, size_bytes, created_at, live, created}}. */
    public record Uploaded(String name, String digest, long sizeBytes, OffsetDateTime createdAt, boolean live,
                           boolean created) {
    }

    /** A version: {@code {digest, size_bytes, created_at, live}}. */
    public record Version(String digest, long sizeBytes, OffsetDateTime createdAt, boolean live) {
    }

    /** {@code PUT .../live} body and answer. */
    public record LiveRequest(String digest) {
    }

    /** {@code {name, live_digest}}. */
    public record Live(String name, String liveDigest) {
    }

    @POST
    @Path("/{name}/versions")
    @Consumes({"application/wasm", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Upload a handler module version",
            description = "201 new version, 200 the same bytes were already stored under this name (created:false); "
                    + "422 invalid module with reason; activate (default true) makes the version live.")
    public Response upload(@PathParam("name") String name, @QueryParam("activate") @DefaultValue("true") boolean activate,
                           byte[] module) throws ModuleValidationException {
        HandlerRegistry.Upload upload = registry.upload(name, module == null ? new byte[0] : module, activate);
        HandlerVersion v = upload.version();
        return Response.status(upload.created() ? 201 : 200)
                .entity(new Uploaded(v.name(), v.digest(), v.sizeBytes(), v.createdAt(), v.live(), upload.created()))
                .build();
    }

    @GET
    @Operation(summary = "List handlers: {name, live_digest, version_count, updated_at}")
    public List<HandlerSummary> list() {
        return registry.list();
    }

    @GET
    @Path("/{name}/versions")
    @Operation(summary = "List a handler's versions, newest first")
    public List<Version> versions(@PathParam("name") String name) {
        return registry.versions(name).stream()
                .map(v -> new Version(v.digest(), v.sizeBytes(), v.createdAt(), v.live())).toList();
    }

    @PUT
    @Path("/{name}/live")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a stored version live")
    public Live setLive(@PathParam("name") String name, LiveRequest request) {
        if (request == null || request.digest() == null) {
            throw new IllegalArgumentException("body must be {\"digest\": \"sha256:...\"}");
        }
        HandlerVersion v = registry.setLive(name, request.digest());
        return new Live(v.name(), v.digest());
    }
}
