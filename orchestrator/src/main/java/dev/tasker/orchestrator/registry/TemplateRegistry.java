package dev.tasker.orchestrator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.db.SqlJson;
import dev.tasker.orchestrator.db.Uuids;
import dev.tasker.orchestrator.json.CanonicalJson;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.template.TemplateParser;
import dev.tasker.orchestrator.template.TemplateValidationException;
import dev.tasker.orchestrator.template.TemplateWriter;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered task templates ({@code tasker.task_templates}). A template is stored as its normalised JSON
 * ({@link TemplateWriter}: every default explicit) with the YAML it came from; {@code namespace/name@version} is
 * immutable once registered. Registering a template also creates its namespace's worker queue.
 */
@ApplicationScoped
public class TemplateRegistry {

    private final Database db;
    private final TemplateParser parser = new TemplateParser();
    private final Map<UUID, TaskTemplate> parsed = new ConcurrentHashMap<>();

    public TemplateRegistry(Database db) {
        this.db = db;
    }

    /**
     * Result of a registration.
     *
     * @param stored  the registered template
     * @param created {@code false} when an identical template was already registered
     */
    public record Registration(StoredTemplate stored, boolean created) {
    }

    /**
     * Parses, validates and registers template YAML.
     *
     * @param yaml   the template
     * @param source where it came from ({@code "<api>"} or a file path), named in problems
     * @throws TemplateValidationException when the template is invalid (every problem, with line and field)
     * @throws TemplateConflictException   when another template is registered under the same key
     */
    public Registration register(String yaml, String source) throws TemplateValidationException {
        return register(parser.parse(yaml, source), yaml);
    }

    /**
     * Registers an already validated template.
     *
     * @param template   the template
     * @param sourceText the text it was parsed from (kept for reference)
     * @throws TemplateConflictException when another template is registered under the same key
     */
    public Registration register(TaskTemplate template, String sourceText) {
        JsonNode definition = TemplateWriter.toJson(template);
        String hash = CanonicalJson.sha256(CanonicalJson.write(definition));
        return db.transaction(tx -> {
            Queues.create(tx, Queues.workerQueue(template.namespace()));
            Optional<StoredTemplate> inserted = tx.first("INSERT INTO tasker.task_templates"
                            + " (template_uuid, namespace, name, version, description, definition, source, content_hash)"
                            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                            + " ON CONFLICT (namespace, name, version) DO NOTHING RETURNING template_uuid, created_at",
                    row -> new StoredTemplate(row.getUUID("template_uuid"), template, row.getOffsetDateTime("created_at")),
                    Uuids.next(), template.namespace(), template.name(), template.version(), template.description(),
                    definition, sourceText, hash);
            if (inserted.isPresent()) {
                parsed.put(inserted.get().uuid(), template);
                return new Registration(inserted.get(), true);
            }
            Row existing = tx.query("SELECT template_uuid, content_hash, definition, created_at FROM tasker.task_templates"
                    + " WHERE namespace = $1 AND name = $2 AND version = $3", template.namespace(), template.name(),
                    template.version()).iterator().next();
            if (!existing.getString("content_hash").equals(hash)) {
                throw new TemplateConflictException(template.key());
            }
            return new Registration(stored(existing), false);
        });
    }

    /** @return every registered template, by namespace, name and version precedence. */
    public List<StoredTemplate> list() {
        return db.list("SELECT template_uuid, definition, created_at FROM tasker.task_templates", this::stored).stream()
                .sorted(Comparator.comparing((StoredTemplate s) -> s.template().namespace())
                        .thenComparing(s -> s.template().name())
                        .thenComparing(s -> s.template().version(), SemanticVersions.PRECEDENCE))
                .toList();
    }

    /**
     * @param version a version, or {@code null} for the highest registered version (semver precedence)
     * @return the template, or empty when none matches
     */
    public Optional<StoredTemplate> find(String namespace, String name, String version) {
        List<StoredTemplate> candidates = db.list("SELECT template_uuid, definition, created_at FROM tasker.task_templates"
                        + " WHERE namespace = $1 AND name = $2 AND ($3::text IS NULL OR version = $3)",
                this::stored, namespace, name, version);
        return candidates.stream().max(Comparator.comparing(s -> s.template().version(), SemanticVersions.PRECEDENCE));
    }

    /** @return the template registered under {@code uuid}. */
    public Optional<StoredTemplate> byUuid(UUID uuid) {
        return db.first("SELECT template_uuid, definition, created_at FROM tasker.task_templates WHERE template_uuid = $1",
                this::stored, uuid);
    }

    private StoredTemplate stored(Row row) {
        UUID uuid = row.getUUID("template_uuid");
        TaskTemplate template = parsed.computeIfAbsent(uuid, id -> reparse(id, SqlJson.fromSql(row.getValue("definition"))));
        return new StoredTemplate(uuid, template, row.getOffsetDateTime("created_at"));
    }

    /** Stored definitions are the writer's JSON, which (being YAML too) the parser reads back into an equal template. */
    private TaskTemplate reparse(UUID uuid, JsonNode definition) {
        try {
            return parser.parse(definition.toString(), "task_templates/" + uuid);
        } catch (TemplateValidationException e) {
            throw new IllegalStateException("stored template " + uuid + " no longer parses: " + e.getMessage(), e);
        }
    }
}
