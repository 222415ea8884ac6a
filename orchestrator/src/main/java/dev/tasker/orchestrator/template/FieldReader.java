package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed fields out of a {@link YamlDocument} tree and records a {@link TemplateProblem}, with
 * the field's line and column, for each value that is missing, of the wrong type or out of range.
 * Readers return {@code null} for absent or invalid values so that parsing can go on and find every
 * problem in one pass.
 */
final class FieldReader {

    private final String source;
    private final YamlDocument document;
    private final List<TemplateProblem> problems = new ArrayList<>();

    FieldReader(String source, YamlDocument document) {
        this.source = source;
        this.document = document;
        problems.addAll(document.problems());
    }

    /** Records a problem at {@code fieldPath} (or at its nearest present ancestor). */
    void problem(String fieldPath, String message) {
        YamlDocument.Position pos = document.positionOf(fieldPath);
        problems.add(new TemplateProblem(source, pos.line(), pos.column(), fieldPath, message));
    }

    /** @return every problem recorded so far, in the order found. */
    List<TemplateProblem> problems() {
        return problems;
    }

    /** @return the value under {@code key}, or {@code null} when absent or YAML null. */
    static JsonNode present(ObjectNode object, String key) {
        JsonNode value = object.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** @return {@code node} as a mapping, or {@code null} (problem recorded) when it is something else. */
    ObjectNode mapping(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        problem(path, "expected a mapping, got " + describe(node));
        return null;
    }

    /**
     * @param required whether absence is a problem
     * @return the string under {@code key}; {@code null} when absent or not a string (problem recorded)
     */
    String string(ObjectNode object, String path, String key, boolean required) {
        JsonNode value = present(object, key);
        String fieldPath = YamlDocument.child(path, key);
        if (value == null) {
            if (required) {
                problem(fieldPath, "required field '" + key + "' is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            problem(fieldPath, "expected a string, got " + describe(value));
            return null;
        }
        return value.textValue();
    }

    /** @return the boolean under {@code key}, or {@code null} when absent or not a boolean (problem recorded). */
    Boolean bool(ObjectNode object, String path, String key) {
        JsonNode value = present(object, key);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            problem(YamlDocument.child(path, key), "expected true or false, got " + describe(value));
            return null;
        }
        return value.booleanValue();
    }

    /**
     * @param min smallest accepted value (inclusive)
     * @param max largest accepted value (inclusive)
     * @return the integer under {@code key}; {@code null} when absent, not an integer or out of range
     *         (problem recorded)
     */
    Long integer(ObjectNode object, String path, String key, long min, long max) {
        JsonNode value = present(object, key);
        if (value == null) {
            return null;
        }
        String fieldPath = YamlDocument.child(path, key);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problem(fieldPath, "expected an integer, got " + describe(value));
            return null;
        }
        long n = value.longValue();
        if (n < min || n > max) {
            problem(fieldPath, "must be " + range(min, max) + ", got " + n);
            return null;
        }
        return n;
    }

    /**
     * @return the list of strings under {@code key}; empty when absent; items that are not strings are
     *         reported and skipped
     */
    List<String> stringList(ObjectNode object, String path, String key) {
        JsonNode value = present(object, key);
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        String fieldPath = YamlDocument.child(path, key);
        if (!value.isArray()) {
            problem(fieldPath, "expected a list of strings, got " + describe(value));
            return result;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isTextual()) {
                result.add(item.textValue());
            } else {
                problem(YamlDocument.item(fieldPath, i), "expected a string, got " + describe(item));
            }
        }
        return result;
    }

    /**
     * Reports every key of {@code object} that is neither accepted nor knowingly ignored, suggesting the
     * closest accepted key when one is within two edits (so typos are caught, not silently dropped).
     */
    void rejectUnknownKeys(ObjectNode object, String path, Set<String> accepted, Set<String> ignored) {
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (accepted.contains(key) || ignored.contains(key)) {
                continue;
            }
            if (key.equals("<<")) {
                problem(YamlDocument.child(path, key), "YAML merge keys (<<) are not supported: write the fields"
                        + " out, or alias a whole value (retry: *shared)");
                continue;
            }
            String hint = accepted.stream()
                    .filter(candidate -> editDistance(candidate, key) <= 2)
                    .min(Comparator.comparingInt(candidate -> editDistance(candidate, key)))
                    .map(candidate -> " (did you mean '" + candidate + "'?)")
                    .orElse("; accepted fields: " + String.join(", ", new TreeSet<>(accepted)));
            problem(YamlDocument.child(path, key), "unknown field '" + key + "'" + hint);
        }
    }

    /** @return a short description of a value's type and content for "expected X, got Y" messages. */
    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing (null)";
        }
        if (node.isTextual()) {
            return "string \"" + node.textValue() + "\"";
        }
        if (node.isNumber()) {
            return "number " + node.asText();
        }
        if (node.isBoolean()) {
            return "boolean " + node.asText();
        }
        if (node.isArray()) {
            return "a list";
        }
        return "a mapping";
    }

    private static String range(long min, long max) {
        if (max >= Integer.MAX_VALUE) {
            return "at least " + min;
        }
        return "between " + min + " and " + max;
    }

    /** Levenshtein distance (Wagner–Fischer dynamic programming, two rows). */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
