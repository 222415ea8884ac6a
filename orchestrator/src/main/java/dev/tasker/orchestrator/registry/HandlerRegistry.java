package dev.tasker.orchestrator.registry;

import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.template.HandlerSpec;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.module.ModuleValidationException;
import dev.tasker.runtime.module.ModuleValidator;
import dev.tasker.runtime.module.ValidatedModule;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The handler registry: WASM modules stored by digest in PostgreSQL ({@code tasker.handler_modules}, bytea) and
 * registered under handler names as immutable versions ({@code tasker.handler_versions}), at most one live per
 * name. Plain {@code name} callables resolve to the live version; {@code name@sha256:<hex>} pins a version.
 */
@ApplicationScoped
public class HandlerRegistry {

    /** Handler names (BRIEF shared decision). */
    public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");

    private final Database db;
    private final RuntimeLimits limits;

    /**
     * @param db     the database
     * @param limits the orchestrator's limits ({@code tasker.runtime.*}): module size, memory cap
     */
    public HandlerRegistry(Database db, RuntimeLimits limits) {
        this.db = db;
        this.limits = limits;
    }

    /**
     * Validates and stores a module as a version of {@code name}, with its resource limits. The module is validated
     * under the version's own limits (e.g. its declared initial memory must fit its {@code memory_mb}).
     *
     * <p>Versions are immutable, limits included: uploading bytes already stored under {@code name} leaves that
     * version as it is; a limit the upload gives must equal the stored one, a limit it leaves out keeps the stored
     * value.
     *
     * @param name      handler name
     * @param bytes     module bytes
     * @param activate  make this version live (also when it was already stored)
     * @param requested the limits to store with a new version ({@link HandlerLimits#NONE}: the orchestrator's)
     * @return the version, and whether it was newly created under this name
     * @throws IllegalArgumentException       when {@code name} is not a valid handler name
     * @throws ModuleValidationException      when the bytes are not an acceptable handler module under the requested
     *                                        limits (the reason says why)
     * @throws HandlerLimitsConflictException when the version is already stored with other limits than requested
     */
    public Upload upload(String name, byte[] bytes, boolean activate, HandlerLimits requested)
            throws ModuleValidationException {
        requireValidName(name);
        ValidatedModule module = validate(bytes, requested);
        return db.transaction(tx -> {
            tx.query("SELECT pg_advisory_xact_lock(hashtext('tasker.handler:' || $1))", name);
            tx.query("INSERT INTO tasker.handler_modules (digest, bytes, size_bytes) VALUES ($1, $2, $3)"
                    + " ON CONFLICT (digest) DO NOTHING", module.digest(), module.bytes(), (long) module.bytes().length);
            boolean created = tx.update("INSERT INTO tasker.handler_versions (name, digest, max_memory_pages, timeout_ms)"
                    + " VALUES ($1, $2, $3, $4) ON CONFLICT (name, digest) DO NOTHING", name, module.digest(),
                    requested.maxMemoryPages(), requested.timeoutMs()) == 1;
            HandlerVersion stored = version(tx, name, module.digest()).orElseThrow();
            if (!stored.limits().admits(requested)) {
                throw new HandlerLimitsConflictException(name, module.digest(), stored.limits(), requested);
            }
            if (activate) {
                makeLive(tx, name, module.digest());
            }
            return new Upload(version(tx, name, module.digest()).orElseThrow(), created);
        });
    }

    private ValidatedModule validate(byte[] bytes, HandlerLimits requested) throws ModuleValidationException {
        try {
            return new ModuleValidator(requested.forModule(limits)).validate(bytes);
        } catch (ModuleValidationException e) {
            if (e.reason() == ModuleValidationException.Reason.MEMORY_TOO_LARGE && requested.memoryMb() != null) {
                throw new ModuleValidationException(e.reason(), e.getMessage() + " (memory_mb=" + requested.memoryMb()
                        + " requested for this version)", e);
            }
            throw e;
        }
    }

    /**
     * Result of {@link #upload}.
     *
     * @param version the stored version
     * @param created whether it was new under this name ({@code false}: identical bytes were already stored)
     */
    public record Upload(HandlerVersion version, boolean created) {
    }

    /** @return every handler name with its live digest, the live version's limits and the version count, by name. */
    public List<HandlerSummary> list() {
        return db.list("SELECT name, max(digest) FILTER (WHERE live) AS live_digest, count(*)::integer AS versions,"
                        + " greatest(max(created_at), max(activated_at)) AS updated_at,"
                        + " max(max_memory_pages) FILTER (WHERE live) AS max_memory_pages,"
                        + " max(timeout_ms) FILTER (WHERE live) AS timeout_ms"
                        + " FROM tasker.handler_versions GROUP BY name ORDER BY name",
                row -> new HandlerSummary(row.getString("name"), row.getString("live_digest"),
                        row.getInteger("versions"), row.getOffsetDateTime("updated_at"),
                        row.getString("live_digest") == null ? null : limits(row)));
    }

    /**
     * @return the versions of {@code name}, newest first
     * @throws UnknownHandlerException when no version of {@code name} exists
     */
    public List<HandlerVersion> versions(String name) {
        List<HandlerVersion> versions = db.list(VERSION_SELECT + " WHERE v.name = $1 ORDER BY v.created_at DESC, v.digest",
                HandlerRegistry::version, name);
        if (versions.isEmpty()) {
            throw new UnknownHandlerException("no handler named '" + name + "' is deployed");
        }
        return versions;
    }

    /**
     * Makes an already stored version live.
     *
     * @return the now live version
     * @throws UnknownHandlerException when {@code digest} is not a version of {@code name}
     */
    public HandlerVersion setLive(String name, String digest) {
        return db.transaction(tx -> {
            tx.query("SELECT pg_advisory_xact_lock(hashtext('tasker.handler:' || $1))", name);
            if (version(tx, name, digest).isEmpty()) {
                throw new UnknownHandlerException("handler '" + name + "' has no version " + digest);
            }
            makeLive(tx, name, digest);
            return version(tx, name, digest).orElseThrow();
        });
    }

    /**
     * Resolves template {@code handler.callable}s to the module digests to pin, in one query.
     *
     * @param sql      where to read
     * @param handlers the steps' handler specs ({@code name}: the live version; {@code name@sha256:<hex>}: that
     *                 version of {@code name}); repeats are fine
     * @return {@code {callable: digest}} for every callable that resolves; a callable missing from the map is not
     *         deployed (no such handler, no live version, or the pinned digest is not a version of that name)
     */
    public Map<String, String> resolveAll(SqlExecutor sql, Collection<HandlerSpec> handlers) {
        Map<String, HandlerSpec> distinct = new LinkedHashMap<>();
        handlers.forEach(h -> distinct.putIfAbsent(h.callable(), h));
        Map<String, String> digests = new HashMap<>();
        sql.list("SELECT c.callable, v.digest FROM unnest($1::text[], $2::text[], $3::text[]) AS c(callable, name, pinned)"
                        + " JOIN tasker.handler_versions v ON v.name = c.name"
                        + " AND CASE WHEN c.pinned IS NULL THEN v.live ELSE v.digest = c.pinned END",
                row -> digests.put(row.getString(0), row.getString(1)),
                distinct.keySet().toArray(String[]::new),
                distinct.values().stream().map(HandlerSpec::handlerName).toArray(String[]::new),
                distinct.values().stream().map(HandlerSpec::pinnedDigest).toArray(String[]::new));
        return digests;
    }

    /**
     * A version's module bytes and limits, what a dispatcher needs to run it.
     *
     * @param bytes  the module bytes
     * @param limits the version's limits
     */
    public record VersionModule(byte[] bytes, HandlerLimits limits) {
    }

    /**
     * @param name   handler name pinned on the workflow step
     * @param digest module digest pinned on the workflow step
     * @return the version's module bytes and limits, or empty when {@code digest} is not a stored version of
     *         {@code name}
     */
    public Optional<VersionModule> versionModule(String name, String digest) {
        return db.first("SELECT m.bytes, v.max_memory_pages, v.timeout_ms FROM tasker.handler_versions v"
                        + " JOIN tasker.handler_modules m ON m.digest = v.digest WHERE v.name = $1 AND v.digest = $2",
                row -> new VersionModule(row.getBuffer("bytes").getBytes(), limits(row)), name, digest);
    }

    private static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid handler name '" + name
                    + "': use 1 to 63 lowercase letters, digits, '_' or '-', starting with a letter");
        }
    }

    private static void makeLive(SqlExecutor sql, String name, String digest) {
        sql.query("UPDATE tasker.handler_versions SET live = false WHERE name = $1 AND live AND digest <> $2", name, digest);
        sql.query("UPDATE tasker.handler_versions SET live = true, activated_at = clock_timestamp()"
                + " WHERE name = $1 AND digest = $2 AND NOT live", name, digest);
    }

    private static final String VERSION_SELECT = "SELECT v.name, v.digest, m.size_bytes, v.created_at, v.live,"
            + " v.max_memory_pages, v.timeout_ms"
            + " FROM tasker.handler_versions v JOIN tasker.handler_modules m ON m.digest = v.digest";

    private static Optional<HandlerVersion> version(SqlExecutor sql, String name, String digest) {
        return sql.first(VERSION_SELECT + " WHERE v.name = $1 AND v.digest = $2", HandlerRegistry::version, name, digest);
    }

    private static HandlerVersion version(Row row) {
        return new HandlerVersion(row.getString("name"), row.getString("digest"), row.getLong("size_bytes"),
                row.getOffsetDateTime("created_at"), row.getBoolean("live"), limits(row));
    }

    /** @return the limits in the row's {@code max_memory_pages} and {@code timeout_ms} columns */
    private static HandlerLimits limits(Row row) {
        Integer pages = row.getInteger("max_memory_pages");
        Long timeoutMs = row.getLong("timeout_ms");
        return pages == null && timeoutMs == null ? HandlerLimits.NONE : new HandlerLimits(pages, timeoutMs);
    }
}
