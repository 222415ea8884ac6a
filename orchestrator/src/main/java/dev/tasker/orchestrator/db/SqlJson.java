package dev.tasker.orchestrator.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;

import java.io.UncheckedIOException;

/**
 * Converts between Jackson trees and the values the Vert.x PostgreSQL client uses for {@code json}/{@code jsonb}
 * columns: {@link JsonObject}, {@link JsonArray}, {@code String}, {@code Number}, {@code Boolean} and
 * {@link Tuple#JSON_NULL}.
 */
public final class SqlJson {

    /** Shared mapper for JSON read from and written to the database. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private SqlJson() {
    }

    /**
     * @param node a JSON value, or {@code null} for SQL {@code NULL}
     * @return the value to bind to a {@code jsonb} parameter
     */
    public static Object toSql(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Tuple.JSON_NULL;
        }
        if (node.isObject()) {
            return new JsonObject(node.toString());
        }
        if (node.isArray()) {
            return new JsonArray(node.toString());
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.numberValue();
    }

    /**
     * @param value a value read from a {@code json}/{@code jsonb} column
     * @return the JSON tree, or {@code null} for SQL {@code NULL}
     */
    public static JsonNode fromSql(Object value) {
        if (value == null) {
            return null;
        }
        if (value == Tuple.JSON_NULL || value == io.vertx.sqlclient.Tuple.JSON_NULL) {
            return NullNode.getInstance();
        }
        try {
            if (value instanceof JsonObject o) {
                return MAPPER.readTree(o.encode());
            }
            if (value instanceof JsonArray a) {
                return MAPPER.readTree(a.encode());
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("database returned invalid JSON", e);
        }
        return MAPPER.valueToTree(value);
    }

    /** Converts one bind parameter: JSON trees become {@link #toSql(JsonNode)} values, the rest pass through. */
    static Object param(Object value) {
        if (value instanceof JsonNode node) {
            return toSql(node);
        }
        if (value instanceof byte[] bytes) {
            return io.vertx.core.buffer.Buffer.buffer(bytes);
        }
        return value;
    }
}
