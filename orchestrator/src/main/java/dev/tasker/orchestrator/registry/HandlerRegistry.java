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
    private final ModuleValidator validator;

    public HandlerRegistry(Database db, RuntimeLimits limits) {
        this.db = db;
        this.validator = new ModuleValidator(limits);
    }

    /**
     * Validates and stores a module as a version of {@code name}.
     *
     * @param name     handler name
     * @param bytes    module bytes
     * @param activate make this version live (also when it was already stored)
     * @return the version, and whether it was newly created under this name
     * @throws IllegalArgumentException  when {@code name} is not a valid handler name
     * @throws ModuleValidationException when the bytes are not an acceptable handler module (the reason says why)
     */
    public Upload upload(String name, byte[] bytes, boolean activate) throws ModuleValidationException {
        requireValidName(name);
        ValidatedModule module = validator.validate(bytes);
        return db.transaction(tx -> {
            tx.query("SELECT pg_advisory_xact_lock(hashtext('tasker.handler:' || $1))", name);
            tx.query("INSERT INTO tasker.handler_modules (digest, bytes, size_bytes) VALUES ($1, $2, $3)"
                    + " ON CONFLICT (digest) DO NOTHING", module.digest(), module.bytes(), (long) module.bytes().length);
            boolean created = tx.update("INSERT INTO tasker.handler_versions (name, digest) VALUES ($1, $2)"
                    + " ON CONFLICT (name, digest) DO NOTHING", name, module.digest()) == 1;
            if (activate) {
                makeLive(tx, name, module.digest());
            }
            return new Upload(version(tx, name, module.digest()).orElseThrow(), created);
        });
    }

    /**
     * Result of {@link #upload}.
     *
     * @param version the stored version
     * @param created whether it was new under this name ({@code false}: identical bytes were already stored)
     */
    public record Upload(HandlerVersion version, boolean created) {
    }

    /** @return every handler name with its live digest and version count, by name. */
    public List<HandlerSummary> list() {
        return db.list("SELECT name, max(digest) FILTER (WHERE live) AS live_digest, count(*)::integer AS versions,"
                        + " greatest(max(created_at), max(activated_at)) AS updated_at"
                        + " FROM tasker.handler_versions GROUP BY name ORDER BY name",
                row -> new HandlerSummary(row.getString("name"), row.getString("live_digest"),
                        row.getInteger("versions"), row.getOffsetDateTime("updated_at")));
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

    /** @return the module bytes stored under {@code digest}, or empty when none are. */
    public Optional<byte[]> moduleBytes(String digest) {
        return db.first("SELECT bytes FROM tasker.handler_modules WHERE digest = $1",
                row -> row.getBuffer(0).getBytes(), digest);
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

    private static final String VERSION_SELECT = "SELECT v.name, v.digest, m.size_bytes, v.created_at, v.live"
            + " FROM tasker.handler_versions v JOIN tasker.handler_modules m ON m.digest = v.digest";

    private static Optional<HandlerVersion> version(SqlExecutor sql, String name, String digest) {
        return sql.first(VERSION_SELECT + " WHERE v.name = $1 AND v.digest = $2", HandlerRegistry::version, name, digest);
    }

    private static HandlerVersion version(Row row) {
        return new HandlerVersion(row.getString("name"), row.getString("digest"), row.getLong("size_bytes"),
                row.getOffsetDateTime("created_at"), row.getBoolean("live"));
    }
}
