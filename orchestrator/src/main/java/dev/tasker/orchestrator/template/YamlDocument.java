package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One YAML document read into a Jackson tree, with the line and column of every key, list item and
 * scalar, so that problems found later can point into the text.
 *
 * <p>Positions are keyed by field path: {@code ""} for the root, {@code steps[2].retry.max_attempts} for
 * a nested key (the position of the key itself), {@code steps[2].dependencies[0]} for a list item.
 * The reader streams tokens from Jackson's {@link YAMLParser} (SnakeYAML underneath), which reports
 * 1-based token locations. YAML 1.2 scalars: only {@code true}/{@code false} are booleans ({@code yes},
 * {@code on} stay strings). Anchors and aliases are resolved (an alias gets the position of the alias);
 * duplicate keys are reported, not silently overwritten.
 */
final class YamlDocument {

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();

    /** A 1-based line and column in the YAML text. */
    record Position(int line, int column) {
        static final Position START = new Position(1, 1);
    }

    private final JsonNode root;
    private final Map<String, Position> positions;
    private final List<TemplateProblem> problems;

    private YamlDocument(JsonNode root, Map<String, Position> positions, List<TemplateProblem> problems) {
        this.root = root;
        this.positions = positions;
        this.problems = problems;
    }

    /**
     * Reads exactly one YAML document whose root is a mapping.
     *
     * @param yaml   the YAML text
     * @param source where it came from, used in problems
     * @return the tree, positions and any non-fatal problems (duplicate keys, unknown aliases)
     * @throws TemplateValidationException on a YAML syntax error, an empty text, a root that is not a
     *                                     mapping, or more than one document
     */
    static YamlDocument read(String yaml, String source) throws TemplateValidationException {
        Reader reader = new Reader(source);
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw reader.fatal(Position.START, "", "the document is empty: expected a task template mapping");
            }
            if (first != JsonToken.START_OBJECT) {
                throw reader.fatal(position(parser), "",
                        "the document root must be a mapping of template fields, not " + describe(first));
            }
            JsonNode root = reader.value(parser, "");
            if (parser.nextToken() != null) {
                throw reader.fatal(position(parser), "",
                        "a template file holds exactly one YAML document; another one starts here");
            }
            return new YamlDocument(root, reader.positions, reader.problems);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Position pos = at == null ? Position.START : new Position(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
            throw reader.fatal(pos, "", "YAML syntax error: " + syntaxMessage(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new IllegalStateException("reading YAML from a string failed", e);
        }
    }

    /** @return the root mapping. */
    ObjectNode root() {
        return (ObjectNode) root;
    }

    /** @return problems found while reading (duplicate keys, unknown aliases). */
    List<TemplateProblem> problems() {
        return problems;
    }

    /**
     * @param fieldPath a field path such as {@code steps[1].retry.backoff}
     * @return the position of that field, or of its nearest recorded ancestor when the field itself is
     *         absent (a missing field points at the mapping that should hold it)
     */
    Position positionOf(String fieldPath) {
        String path = fieldPath;
        while (true) {
            Position pos = positions.get(path);
            if (pos != null) {
                return pos;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            if (cut <= 0) {
                return positions.getOrDefault("", Position.START);
            }
            path = path.substring(0, cut);
        }
    }

    /** Field path of key {@code key} inside the mapping at {@code parent}. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Field path of item {@code index} of the list at {@code parent}. */
    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /**
     * @param base    field path of {@code node}
     * @param node    the tree a JSON pointer points into
     * @param pointer a JSON pointer (RFC 6901) relative to {@code node}
     * @return the field path it denotes, e.g. {@code input_schema.properties.amount.type}
     */
    static String fieldPath(String base, JsonNode node, String pointer) {
        String path = base;
        JsonNode current = node;
        if (pointer.isEmpty()) {
            return path;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (current != null && current.isArray() && token.matches("\\d+")) {
                int index = Integer.parseInt(token);
                path = item(path, index);
                current = current.get(index);
            } else {
                path = child(path, token);
                current = current == null ? null : current.get(token);
            }
        }
        return path;
    }

    private static Position position(JsonParser parser) {
        JsonLocation at = parser.currentTokenLocation();
        return new Position(at.getLineNr(), at.getColumnNr());
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    /** Keeps SnakeYAML's explanation lines and drops its snippet, caret and "in 'reader'" lines. */
    private static String syntaxMessage(String original) {
        if (original == null) {
            return "unreadable YAML";
        }
        String kept = original.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(": "));
        return kept.isEmpty() ? original.strip() : kept;
    }

    /** Streams tokens into a tree, recording positions; one instance per document. */
    private static final class Reader {
        private final String source;
        private final Map<String, Position> positions = new HashMap<>();
        private final Map<String, JsonNode> anchors = new HashMap<>();
        private final List<TemplateProblem> problems = new ArrayList<>();

        Reader(String source) {
            this.source = source;
        }

        TemplateValidationException fatal(Position pos, String field, String message) {
            return new TemplateValidationException(List.of(new TemplateProblem(source, pos.line(), pos.column(), field, message)));
        }

        /** Reads the value whose first token is current, records its position unless its key did. */
        JsonNode value(JsonParser parser, String path) throws IOException {
            Position pos = position(parser);
            positions.putIfAbsent(path, pos);
            YAMLParser yaml = (YAMLParser) parser;
            if (yaml.isCurrentAlias()) {
                JsonNode anchored = anchors.get(parser.getText());
                if (anchored == null) {
                    problems.add(new TemplateProblem(source, pos.line(), pos.column(), path,
                            "unknown YAML alias '*" + parser.getText() + "'"));
                    return JsonNodeFactory.instance.nullNode();
                }
                return anchored.deepCopy();
            }
            String anchor = yaml.getCurrentAnchor();
            JsonNode node = switch (parser.currentToken()) {
                case START_OBJECT -> mapping(parser, path);
                case START_ARRAY -> sequence(parser, path);
                case VALUE_STRING -> JsonNodeFactory.instance.textNode(parser.getText());
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> JsonNodeFactory.instance.numberNode(parser.getIntValue());
                    case LONG -> JsonNodeFactory.instance.numberNode(parser.getLongValue());
                    default -> JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> JsonNodeFactory.instance.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> JsonNodeFactory.instance.booleanNode(true);
                case VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(false);
                case VALUE_NULL -> JsonNodeFactory.instance.nullNode();
                default -> {
                    problems.add(new TemplateProblem(source, pos.line(), pos.column(), path,
                            "unsupported YAML value (" + parser.currentToken() + ")"));
                    yield JsonNodeFactory.instance.nullNode();
                }
            };
            if (anchor != null) {
                anchors.put(anchor, node);
            }
            return node;
        }

        private ObjectNode mapping(JsonParser parser, String path) throws IOException {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                String keyPath = child(path, key);
                Position keyPos = position(parser);
                if (object.has(key)) {
                    Position first = positions.get(keyPath);
                    problems.add(new TemplateProblem(source, keyPos.line(), keyPos.column(), keyPath,
                            "duplicate key '" + key + "' (first at line " + first.line() + ")"));
                } else {
                    positions.put(keyPath, keyPos);
                }
                parser.nextToken();
                JsonNode value = value(parser, keyPath);
                if (!object.has(key)) {
                    object.set(key, value);
                }
            }
            return object;
        }

        private ArrayNode sequence(JsonParser parser, String path) throws IOException {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(value(parser, item(path, index++)));
            }
            return array;
        }
    }
}
