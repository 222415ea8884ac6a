package dev.tasker.orchestrator.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasker.orchestrator.db.SqlJson;

/** Builds the small JSON objects Tasker stores (transition metadata, event payloads). */
public final class Json {

    private Json() {
    }

    /**
     * @param keysAndValues alternating member names and values (strings, numbers, booleans, UUIDs, JSON nodes,
     *                      {@code null})
     * @return the object
     * @throws IllegalArgumentException when names and values do not pair up
     */
    public static ObjectNode object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        ObjectNode node = SqlJson.MAPPER.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], SqlJson.MAPPER.valueToTree(keysAndValues[i + 1]));
        }
        return node;
    }
}
