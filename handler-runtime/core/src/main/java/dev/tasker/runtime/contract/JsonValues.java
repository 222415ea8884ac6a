package dev.tasker.runtime.contract;

import com.fasterxml.jackson.databind.JsonNode;

/** Small helpers shared by the contract records. */
final class JsonValues {

    private JsonValues() {}

    /** Returns {@code null} for Java null, JSON null and a missing node; the node itself otherwise. */
    static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
