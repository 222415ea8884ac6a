package dev.tasker.orchestrator.api;

import dev.tasker.orchestrator.registry.HandlerLimits;
import dev.tasker.orchestrator.registry.HandlerRegistry;
import dev.tasker.orchestrator.registry.HandlerSummary;
import dev.tasker.orchestrator.registry.HandlerVersion;
import dev.tasker.runtime.RuntimeLimits;
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
    private final RuntimeLimits limits;

    /**
     * @param registry the handler registry
     * @param limits   the orchestrator's limits ({@code tasker.runtime.*}), which bound the per-version limits
     */
    public HandlerResource(HandlerRegistry registry, RuntimeLimits limits) {
        this.registry = registry;
        this.limits = limits;
    }

    /**
     * Upload answer: {@code {name, digest, size_bytes, created_at, live, created, limits:{memory_mb, timeout_ms}}}
     * ({@code limits} are the stored version's; a null member means the orchestrator's default).
     */
    public record Uploaded(String name, String digest, long sizeBytes, OffsetDateTime createdAt, boolean live,
                           boolean created, HandlerLimits limits) {
    }

    /** A version: {@code {digest, size_bytes, created_at, live, limits:{memory_mb, timeout_ms}}}. */
    public record Version(String digest, long sizeBytes, OffsetDateTime createdAt, boolean live, HandlerLimits limits) {
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
                    + "activate (default true) makes the version live. memory_mb (whole MiB, up to the orchestrator's "
                    + "tasker.runtime.max-memory-pages) and timeout_ms (1 to 3600000) are stored with a new version "
                    + "(omitted: the orchestrator's defaults apply) and echoed as limits. 422 invalid module (reason) "
                    + "or invalid limit (parameter); 409 the version is already stored with other limits (versions "
                    + "are immutable; an omitted limit keeps the stored one).")
    public Response upload(@PathParam("name") String name, @QueryParam("activate") @DefaultValue("true") boolean activate,
                           @QueryParam("memory_mb") String memoryMb, @QueryParam("timeout_ms") String timeoutMs,
                           byte[] module) throws ModuleValidationException {
        HandlerLimits requested = HandlerLimits.parse(memoryMb, timeoutMs, limits);
        HandlerRegistry.Upload upload = registry.upload(name, module == null ? new byte[0] : module, activate, requested);
        HandlerVersion v = upload.version();
        return Response.status(upload.created() ? 201 : 200)
                .entity(new Uploaded(v.name(), v.digest(), v.sizeBytes(), v.createdAt(), v.live(), upload.created(),
                        v.limits()))
                .build();
    }

    @GET
    @Operation(summary = "List handlers: {name, live_digest, version_count, updated_at, live_limits}")
    public List<HandlerSummary> list() {
        return registry.list();
    }

    @GET
    @Path("/{name}/versions")
    @Operation(summary = "List a handler's versions, newest first")
    public List<Version> versions(@PathParam("name") String name) {
        return registry.versions(name).stream()
                .map(v -> new Version(v.digest(), v.sizeBytes(), v.createdAt(), v.live(), v.limits())).toList();
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
