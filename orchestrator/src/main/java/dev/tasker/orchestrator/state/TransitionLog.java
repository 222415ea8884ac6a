package dev.tasker.orchestrator.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.db.SqlJson;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The append-only transition table of one state machine ({@link #TASKS} or {@link #STEPS}).
 *
 * <p>The current state of an entity is its row with {@code most_recent = true}. {@link #transition} is a
 * compare-and-swap ({@code tasker.transition_task} / {@code tasker.transition_step}, migration V4, which the SQL hot
 * path uses too): it clears {@code most_recent} on the current row <em>only if</em> that row's state is the expected
 * one, and appends the new row with the next {@code sort_key}. Under concurrency exactly one of
 * several callers expecting the same state wins (the others wait for the row lock, then find the state changed);
 * the unique partial index on {@code most_recent} backs this up.
 *
 * @param <S> the state enum
 */
public final class TransitionLog<S extends Enum<S> & State<S>> {

    /** Task transitions ({@code tasker.task_transitions}). */
    public static final TransitionLog<TaskState> TASKS =
            new TransitionLog<>("task", "tasker.task_transitions", "task_uuid", "tasker.transition_task", TaskState::fromWire);
    /** Workflow step transitions ({@code tasker.workflow_step_transitions}). */
    public static final TransitionLog<StepState> STEPS =
            new TransitionLog<>("workflow step", "tasker.workflow_step_transitions", "workflow_step_uuid",
                    "tasker.transition_step", StepState::fromWire);

    private final String entity;
    private final String table;
    private final String idColumn;
    private final String casFunction;
    private final Function<String, S> parse;

    private TransitionLog(String entity, String table, String idColumn, String casFunction, Function<String, S> parse) {
        this.entity = entity;
        this.table = table;
        this.idColumn = idColumn;
        this.casFunction = casFunction;
        this.parse = parse;
    }

    /**
     * Records the initial state of new entities (from {@code null}, {@code sort_key} 0).
     *
     * @param sql      where to write (usually the creating transaction)
     * @param uuids    the new entities
     * @param initial  their first state
     * @param metadata JSON object stored on each row, or {@code null} for {@code {}}
     * @throws io.vertx.pgclient.PgException when an entity already has a history (unique {@code sort_key})
     */
    public void start(SqlExecutor sql, Collection<UUID> uuids, S initial, ObjectNode metadata) {
        sql.query("INSERT INTO " + table + " (" + idColumn + ", from_state, to_state, metadata, sort_key, most_recent)"
                        + " SELECT id, NULL, $2, $3, 0, true FROM unnest($1::uuid[]) AS id",
                uuids.toArray(UUID[]::new), initial.wireName(), metadataOrEmpty(metadata));
    }

    /**
     * Moves an entity from {@code expected} to {@code target} if, and only if, it is currently in {@code expected}.
     *
     * @param sql      where to write
     * @param uuid     the task or workflow step
     * @param expected the state the caller believes the entity is in
     * @param target   the new state
     * @param metadata JSON object stored with the transition, or {@code null} for {@code {}}
     * @return {@code true} when applied; {@code false} when the entity was not in {@code expected} (nothing written)
     * @throws IllegalTransitionException when the state machine does not allow {@code expected → target}
     */
    public boolean transition(SqlExecutor sql, UUID uuid, S expected, S target, ObjectNode metadata) {
        checkAllowed(uuid, expected, target);
        return sql.first("SELECT " + casFunction + "($1, $2, $3, $4)", row -> row.getBoolean(0),
                uuid, expected.wireName(), target.wireName(), metadataOrEmpty(metadata)).orElse(false);
    }

    /**
     * @throws IllegalTransitionException when the state machine does not allow {@code from → to}
     */
    public void checkAllowed(UUID uuid, S from, S to) {
        if (!from.canTransitionTo(to)) {
            throw new IllegalTransitionException(entity, uuid, from, to);
        }
    }

    /** @return the entity's current state, or empty when it has no transitions (unknown entity). */
    public Optional<S> current(SqlExecutor sql, UUID uuid) {
        return sql.first("SELECT to_state FROM " + table + " WHERE " + idColumn + " = $1 AND most_recent",
                row -> parse.apply(row.getString("to_state")), uuid);
    }

    /** @return the entity's transitions in order (oldest first). */
    public List<Transition> history(SqlExecutor sql, UUID uuid) {
        return sql.list("SELECT " + idColumn + " AS id, from_state, to_state, metadata, sort_key, most_recent, created_at"
                        + " FROM " + table + " WHERE " + idColumn + " = $1 ORDER BY sort_key",
                row -> new Transition(row.getUUID("id"), row.getString("from_state"), row.getString("to_state"),
                        SqlJson.fromSql(row.getValue("metadata")), row.getInteger("sort_key"),
                        row.getBoolean("most_recent"), row.getOffsetDateTime("created_at")),
                uuid);
    }

    private static JsonNode metadataOrEmpty(ObjectNode metadata) {
        return metadata == null ? SqlJson.MAPPER.createObjectNode() : metadata;
    }
}
