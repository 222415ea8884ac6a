package dev.tasker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The CLI's one Jackson {@link ObjectMapper} and the JSON parsing it does on user input. The CLI works
 * with {@link JsonNode} trees: wire fields are snake_case (API.md §2) and are read and printed as they come.
 */
public final class Json {

    /** Shared mapper; thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** @return a new empty JSON object */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Parses user-supplied JSON.
     *
     * @param text  the JSON text
     * @param where what the text is, for the message, e.g. {@code "--context"} or a file name
     * @return the parsed tree
     * @throws CliException {@link ExitCode#INVALID_INPUT} naming {@code where}, line and column when the text is not JSON
     */
    public static JsonNode parse(String text, String where) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new CliException(ExitCode.INVALID_INPUT, where + " is empty: expected a JSON document");
            }
            return node;
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new CliException(ExitCode.INVALID_INPUT,
                    where + " is not valid JSON" + at + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @return {@code node} as indented JSON text */
    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code node} as single-line JSON text */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
