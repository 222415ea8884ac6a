package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schema support shared by {@link TemplateParser} (is {@code input_schema} a valid schema?) and
 * {@link ContextValidator} (does a task context satisfy it?), on networknt json-schema-validator.
 *
 * <p>The dialect is the one named by the schema's {@code $schema} (drafts 4, 6, 7, 2019-09, 2020-12);
 * without {@code $schema} it is draft 2020-12. Meta-schemas come from the validator's bundled copies.
 * Remote {@code $ref} targets are never fetched: a schema that needs one fails to compile, so
 * registering a template never makes network calls. Problem locations are JSON pointers.
 */
final class JsonSchemas {

    /** A problem found by schema validation: JSON pointer into the validated document, and message. */
    record Issue(String pointer, String message) {
    }

    private static final SpecVersion.VersionFlag DEFAULT_DIALECT = SpecVersion.VersionFlag.V202012;

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ENGLISH)
            .build();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(DEFAULT_DIALECT,
            builder -> builder.schemaLoaders(loaders -> loaders.add(iri -> {
                String location = iri.toString();
                if (location.startsWith("classpath:") || location.startsWith("resource:")) {
                    return null;
                }
                return (InputStreamSource) () -> {
                    throw new IOException("remote schema " + location + " is not fetched");
                };
            })));

    private static final Map<SpecVersion.VersionFlag, JsonSchema> META_SCHEMAS = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /**
     * Checks that {@code schema} is a JSON Schema: an object whose {@code $schema} (if any) names a
     * supported dialect, that validates against that dialect's meta-schema, and that compiles (every
     * {@code $ref} resolves locally).
     *
     * @return the problems, pointers relative to {@code schema}; empty when it is valid
     */
    static List<Issue> checkSchema(JsonNode schema) {
        if (!schema.isObject()) {
            return List.of(new Issue("", "a JSON Schema must be a mapping"));
        }
        JsonNode declared = schema.get("$schema");
        Optional<SpecVersion.VersionFlag> dialect = dialectOf(schema);
        if (dialect.isEmpty()) {
            return List.of(new Issue("/$schema", "unsupported $schema " + declared
                    + ": expected a draft 4, 6, 7, 2019-09 or 2020-12 meta-schema URI such as "
                    + DEFAULT_DIALECT.getId()));
        }
        List<Issue> issues = new ArrayList<>(validate(metaSchema(dialect.get()), schema));
        if (issues.isEmpty()) {
            try {
                compile(schema).initializeValidators();
            } catch (JsonSchemaException e) {
                issues.add(new Issue("", "the schema does not compile: " + e.getMessage()
                        + " (references resolve only inside the schema: put shared parts under $defs)"));
            }
        }
        return issues;
    }

    /**
     * @param schema a schema that passed {@link #checkSchema}
     * @return the compiled schema
     * @throws JsonSchemaException when it does not compile
     */
    static JsonSchema compile(JsonNode schema) {
        return FACTORY.getSchema(schema, CONFIG);
    }

    /**
     * Validates {@code instance} against {@code schema}, reporting at most one message per location
     * (the first the validator gives), with {@code required} failures pointing at the missing property.
     *
     * @return the problems in the validator's order; empty when the instance is valid
     */
    static List<Issue> validate(JsonSchema schema, JsonNode instance) {
        List<Issue> issues = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ValidationMessage message : schema.validate(instance)) {
            String pointer = message.getInstanceLocation().toString();
            if ("required".equals(message.getType()) && message.getProperty() != null) {
                pointer = pointer + "/" + escape(message.getProperty());
            }
            if (seen.add(pointer)) {
                issues.add(new Issue(pointer, message.getError()));
            }
        }
        return issues;
    }

    private static Optional<SpecVersion.VersionFlag> dialectOf(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return Optional.of(DEFAULT_DIALECT);
        }
        if (!declared.isTextual()) {
            return Optional.empty();
        }
        String wanted = normalise(declared.textValue());
        for (SpecVersion.VersionFlag flag : SpecVersion.VersionFlag.values()) {
            if (normalise(flag.getId()).equals(wanted)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }

    private static JsonSchema metaSchema(SpecVersion.VersionFlag dialect) {
        return META_SCHEMAS.computeIfAbsent(dialect,
                flag -> FACTORY.getSchema(SchemaLocation.of(flag.getId()), CONFIG));
    }

    /** Meta-schema URIs compare without scheme difference (http/https) and without an empty fragment. */
    private static String normalise(String uri) {
        String s = uri.strip();
        if (s.endsWith("#")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.replaceFirst("^https?://", "");
    }

    /** JSON pointer token escaping (RFC 6901 §3). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
