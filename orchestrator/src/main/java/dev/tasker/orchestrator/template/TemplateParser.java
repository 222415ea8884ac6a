package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates task template YAML into a {@link TaskTemplate}.
 *
 * <p>The format is field-compatible with tasker-core's task templates (its {@code TaskTemplate} /
 * {@code StepDefinition} serde structs and example YAML); the full reference, with every field, default,
 * validation rule and the tasker-core fields Tasker accepts but ignores, is {@code docs/task-templates.md}.
 * Keys that are neither Tasker's nor tasker-core's are errors, so a typo such as {@code retyr} is
 * reported instead of silently dropped.
 *
 * <p>Validation collects every problem in one pass: YAML syntax (fatal: reported alone), missing
 * fields, wrong types, value formats and ranges, unknown keys, then the rules that span steps
 * (duplicate names, unknown and self dependencies, dependency cycles, decision and batch rules, see
 * {@link TemplateRules}), then whether {@code input_schema} is a valid JSON Schema. Each problem names
 * the field path and the line and column of the offending YAML.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class TemplateParser {

    /** Handler names of the registry (BRIEF shared decision), optionally pinned to a module digest. */
    static final Pattern CALLABLE = Pattern.compile("^[a-z][a-z0-9_-]{0,62}(@sha256:[0-9a-f]{64})?$");
    /** Template names, as in tasker-core's template schema, at most 128 characters. */
    static final Pattern TEMPLATE_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,127}$");
    /**
     * Namespaces: at most 29 characters, as in tasker-core, so that the queue name
     * {@code worker_{namespace}_queue} and PGMQ's derived table names stay within PostgreSQL's limit.
     */
    static final Pattern NAMESPACE = Pattern.compile("^[a-z][a-z0-9_]{0,28}$");
    /** Semantic version MAJOR.MINOR.PATCH with an optional pre-release suffix. */
    static final Pattern VERSION = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z][0-9A-Za-z.-]*)?$");
    /** Step names; batch worker instances append {@code _{batch_id}}. */
    static final Pattern STEP_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,127}$");

    /** Longest accepted {@code timeout_seconds} (one hour, tasker-core's limit). */
    static final long MAX_TIMEOUT_SECONDS = 3600;
    /** Most attempts a retry policy may allow (tasker-core's limit). */
    static final long MAX_ATTEMPTS = 100;
    /** Longest accepted backoff delay: 24 hours in ms. */
    static final long MAX_BACKOFF_MS = 86_400_000L;

    private static final Set<String> TOP_LEVEL = Set.of(
            "name", "namespace_name", "version", "description", "input_schema", "steps");
    private static final Set<String> TOP_LEVEL_TASKER_CORE = Set.of(
            "metadata", "system_dependencies", "domain_events", "environments", "lifecycle", "task_handler",
            "loaded_from");
    private static final Set<String> STEP = Set.of(
            "name", "description", "handler", "dependencies", "depends_on", "type", "step_type", "retry",
            "timeout_seconds", "publishes_events", "batch_config");
    private static final Set<String> STEP_TASKER_CORE = Set.of("system_dependency", "result_schema", "lifecycle");
    private static final Set<String> HANDLER = Set.of("callable", "initialization", "method");
    private static final Set<String> HANDLER_TASKER_CORE = Set.of("resolver");
    private static final Set<String> RETRY = Set.of(
            "retryable", "max_attempts", "backoff", "backoff_base_ms", "max_backoff_ms");
    private static final Set<String> EVENT = Set.of("name");
    private static final Set<String> EVENT_TASKER_CORE = Set.of(
            "description", "condition", "schema", "delivery_mode", "publisher");
    private static final Set<String> BATCH_CONFIG = Set.of(
            "worker_template", "batch_size", "parallelism", "cursor_field", "failure_strategy");
    private static final Set<String> FAILURE_STRATEGIES = Set.of("continue_on_failure", "fail_fast", "isolate");

    /**
     * Parses a template from YAML text.
     *
     * @param yaml   the template YAML (one document)
     * @param source where it came from (file path, or {@code "<api>"}), used in problems and kept in
     *               {@link TaskTemplate#source()}
     * @return the validated template
     * @throws TemplateValidationException holding every problem found, when the template is invalid
     */
    public TaskTemplate parse(String yaml, String source) throws TemplateValidationException {
        YamlDocument document = YamlDocument.read(yaml, source);
        FieldReader in = new FieldReader(source, document);
        ObjectNode root = document.root();
        in.rejectUnknownKeys(root, "", TOP_LEVEL, TOP_LEVEL_TASKER_CORE);

        String name = formatted(in, root, "", "name", TEMPLATE_NAME,
                "lowercase letters, digits and '_', starting with a letter, at most 128 characters");
        String namespace = formatted(in, root, "", "namespace_name", NAMESPACE,
                "lowercase letters, digits and '_', starting with a letter, at most 29 characters");
        String version = version(in, root);
        String description = orEmpty(in.string(root, "", "description", false));
        JsonNode inputSchema = inputSchema(in, root);
        List<ParsedStep> steps = steps(in, root);
        TemplateRules.check(steps, in);

        if (!in.problems().isEmpty()) {
            throw new TemplateValidationException(in.problems());
        }
        return new TaskTemplate(namespace, name, version, description, inputSchema,
                steps.stream().map(ParsedStep::definition).toList(), source);
    }

    /**
     * Parses a template file (UTF-8).
     *
     * @param file the YAML file; its path string becomes the problems' {@code source}
     * @return the validated template
     * @throws IOException                 when the file cannot be read
     * @throws TemplateValidationException holding every problem found, when the template is invalid
     */
    public TaskTemplate parse(Path file) throws IOException, TemplateValidationException {
        return parse(Files.readString(file), file.toString());
    }

    /** A parsed step with the facts the cross-step rules need to point at it. */
    record ParsedStep(int index, String dependenciesKey, StepDefinition definition) {
        String path() {
            return YamlDocument.item("steps", index);
        }
    }

    private static String formatted(FieldReader in, ObjectNode object, String path, String key, Pattern format,
                                    String rule) {
        String value = in.string(object, path, key, true);
        if (value != null && !format.matcher(value).matches()) {
            in.problem(YamlDocument.child(path, key), "'" + value + "' is not a valid " + key + ": " + rule);
            return null;
        }
        return value;
    }

    private static String version(FieldReader in, ObjectNode root) {
        JsonNode value = FieldReader.present(root, "version");
        if (value != null && value.isNumber()) {
            in.problem("version", "expected a version string MAJOR.MINOR.PATCH, got " + FieldReader.describe(value)
                    + " (YAML reads 1.0 as a number: write version: \"1.0.0\")");
            return null;
        }
        return formatted(in, root, "", "version", VERSION,
                "expected a semantic version MAJOR.MINOR.PATCH such as 1.0.0 (optional -prerelease)");
    }

    private static JsonNode inputSchema(FieldReader in, ObjectNode root) {
        JsonNode schema = FieldReader.present(root, "input_schema");
        if (schema == null) {
            return null;
        }
        for (JsonSchemas.Issue issue : JsonSchemas.checkSchema(schema)) {
            in.problem(YamlDocument.fieldPath("input_schema", schema, issue.pointer()),
                    "invalid JSON Schema: " + issue.message());
        }
        return schema;
    }

    private static List<ParsedStep> steps(FieldReader in, ObjectNode root) {
        List<ParsedStep> steps = new ArrayList<>();
        JsonNode list = FieldReader.present(root, "steps");
        if (list == null) {
            in.problem("steps", "required field 'steps' is missing");
            return steps;
        }
        if (!list.isArray()) {
            in.problem("steps", "expected a list of steps, got " + FieldReader.describe(list));
            return steps;
        }
        if (list.isEmpty()) {
            in.problem("steps", "a template needs at least one step");
        }
        for (int i = 0; i < list.size(); i++) {
            String path = YamlDocument.item("steps", i);
            ObjectNode step = in.mapping(list.get(i), path);
            if (step != null) {
                steps.add(step(in, step, i, path));
            }
        }
        return steps;
    }

    private static ParsedStep step(FieldReader in, ObjectNode step, int index, String path) {
        in.rejectUnknownKeys(step, path, STEP, STEP_TASKER_CORE);
        String name = formatted(in, step, path, "name", STEP_NAME,
                "lowercase letters, digits and '_', starting with a letter, at most 128 characters");
        String description = orEmpty(in.string(step, path, "description", false));
        HandlerSpec handler = handler(in, step, path);
        String dependenciesKey = aliased(in, step, path, "dependencies", "depends_on");
        List<String> dependencies = in.stringList(step, path, dependenciesKey);
        StepType type = type(in, step, path);
        RetryPolicy retry = retry(in, step, path);
        Long timeout = in.integer(step, path, "timeout_seconds", 1, MAX_TIMEOUT_SECONDS);
        List<String> events = events(in, step, path);
        JsonNode batchConfig = batchConfig(in, step, path);
        StepDefinition definition = new StepDefinition(name, description, handler, dependencies, type, retry,
                timeout == null ? null : timeout.intValue(), events, batchConfig);
        return new ParsedStep(index, dependenciesKey, definition);
    }

    /** @return the key in use among a field and its alias (reporting the use of both). */
    private static String aliased(FieldReader in, ObjectNode object, String path, String key, String alias) {
        boolean hasKey = object.has(key);
        boolean hasAlias = object.has(alias);
        if (hasKey && hasAlias) {
            in.problem(YamlDocument.child(path, alias),
                    "'" + alias + "' is an alias of '" + key + "': give only one of them");
        }
        return hasAlias && !hasKey ? alias : key;
    }

    private static HandlerSpec handler(FieldReader in, ObjectNode step, String path) {
        String handlerPath = YamlDocument.child(path, "handler");
        JsonNode node = FieldReader.present(step, "handler");
        if (node == null) {
            in.problem(handlerPath, "required field 'handler' is missing");
            return null;
        }
        ObjectNode handler = in.mapping(node, handlerPath);
        if (handler == null) {
            return null;
        }
        in.rejectUnknownKeys(handler, handlerPath, HANDLER, HANDLER_TASKER_CORE);
        String method = in.string(handler, handlerPath, "method", false);
        if (method != null && !method.equals("call")) {
            in.problem(YamlDocument.child(handlerPath, "method"), "a WASM handler has one entry point"
                    + " (its WASI _start), so 'method' can only be 'call', got '" + method + "'");
        }
        String callable = in.string(handler, handlerPath, "callable", true);
        if (callable != null && !CALLABLE.matcher(callable).matches()) {
            in.problem(YamlDocument.child(handlerPath, "callable"), callableMessage(callable));
            callable = null;
        }
        ObjectNode initialization = JsonNodeFactory.instance.objectNode();
        JsonNode init = FieldReader.present(handler, "initialization");
        if (init != null) {
            initialization = in.mapping(init, YamlDocument.child(handlerPath, "initialization"));
        }
        return callable == null || initialization == null ? null : new HandlerSpec(callable, initialization);
    }

    private static String callableMessage(String callable) {
        String rule = "'" + callable + "' is not a handler reference: expected a deployed handler name"
                + " matching ^[a-z][a-z0-9_-]{0,62}$, optionally pinned as name@sha256:<64 lowercase hex>";
        int at = callable.indexOf('@');
        if (at > 0 && CALLABLE.matcher(callable.substring(0, at)).matches()) {
            return rule + " (the pinned digest '" + callable.substring(at + 1) + "' is not sha256:<64 lowercase hex>)";
        }
        if (callable.contains("::") || callable.contains(".")) {
            return rule + " (tasker-core class paths do not apply: a Tasker step runs a deployed WASM handler)";
        }
        return rule;
    }

    private static StepType type(FieldReader in, ObjectNode step, String path) {
        String key = aliased(in, step, path, "type", "step_type");
        String value = in.string(step, path, key, false);
        if (value == null) {
            return FieldReader.present(step, key) == null ? StepType.STANDARD : null;
        }
        try {
            return StepType.fromYaml(value);
        } catch (IllegalArgumentException e) {
            in.problem(YamlDocument.child(path, key), e.getMessage());
            return null;
        }
    }

    private static RetryPolicy retry(FieldReader in, ObjectNode step, String path) {
        String retryPath = YamlDocument.child(path, "retry");
        JsonNode node = FieldReader.present(step, "retry");
        if (node == null) {
            return RetryPolicy.DEFAULT;
        }
        ObjectNode retry = in.mapping(node, retryPath);
        if (retry == null) {
            return RetryPolicy.DEFAULT;
        }
        in.rejectUnknownKeys(retry, retryPath, RETRY, Set.of());
        RetryPolicy defaults = RetryPolicy.DEFAULT;
        Boolean retryable = in.bool(retry, retryPath, "retryable");
        Long maxAttempts = in.integer(retry, retryPath, "max_attempts", 1, MAX_ATTEMPTS);
        String backoffName = in.string(retry, retryPath, "backoff", false);
        Long base = in.integer(retry, retryPath, "backoff_base_ms", 0, MAX_BACKOFF_MS);
        Long max = in.integer(retry, retryPath, "max_backoff_ms", 0, MAX_BACKOFF_MS);

        RetryPolicy.Backoff backoff = defaults.backoff();
        long baseMs = base != null ? base : defaults.backoffBaseMs();
        if (backoffName != null) {
            String backoffPath = YamlDocument.child(retryPath, "backoff");
            switch (backoffName) {
                case "exponential", "linear", "fixed" -> backoff = RetryPolicy.Backoff.valueOf(backoffName.toUpperCase(Locale.ROOT));
                case "none" -> {
                    backoff = RetryPolicy.Backoff.FIXED;
                    if (base != null && base != 0) {
                        in.problem(YamlDocument.child(retryPath, "backoff_base_ms"), "backoff 'none' retries without"
                                + " delay, so backoff_base_ms must be 0 or absent (use backoff: fixed for a constant delay)");
                    }
                    baseMs = 0;
                }
                case "fibonacci" -> in.problem(backoffPath,
                        "backoff 'fibonacci' (tasker-core) is not supported: use exponential, linear, fixed or none");
                default -> in.problem(backoffPath,
                        "unknown backoff '" + backoffName + "': expected exponential, linear, fixed or none");
            }
        }
        long maxMs = max != null ? max : Math.max(defaults.maxBackoffMs(), baseMs);
        if (max != null && maxMs < baseMs) {
            in.problem(YamlDocument.child(retryPath, "max_backoff_ms"),
                    "max_backoff_ms (" + maxMs + ") must be at least backoff_base_ms (" + baseMs + ")");
        }
        return new RetryPolicy(retryable != null ? retryable : defaults.retryable(),
                maxAttempts != null ? maxAttempts.intValue() : defaults.maxAttempts(), backoff, baseMs, maxMs);
    }

    private static List<String> events(FieldReader in, ObjectNode step, String path) {
        String eventsPath = YamlDocument.child(path, "publishes_events");
        JsonNode node = FieldReader.present(step, "publishes_events");
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        if (!node.isArray()) {
            in.problem(eventsPath, "expected a list of event names or event declarations, got "
                    + FieldReader.describe(node));
            return names;
        }
        for (int i = 0; i < node.size(); i++) {
            String itemPath = YamlDocument.item(eventsPath, i);
            JsonNode item = node.get(i);
            String name = item.isTextual() ? item.textValue() : declaredEventName(in, item, itemPath);
            if (name == null) {
                continue;
            }
            if (name.isBlank()) {
                in.problem(itemPath, "an event name must not be blank");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    /** tasker-core declares events as mappings ({@code name}, {@code schema}, ...); Tasker keeps the name. */
    private static String declaredEventName(FieldReader in, JsonNode item, String itemPath) {
        ObjectNode declaration = in.mapping(item, itemPath);
        if (declaration == null) {
            return null;
        }
        in.rejectUnknownKeys(declaration, itemPath, EVENT, EVENT_TASKER_CORE);
        return in.string(declaration, itemPath, "name", true);
    }

    private static JsonNode batchConfig(FieldReader in, ObjectNode step, String path) {
        String configPath = YamlDocument.child(path, "batch_config");
        JsonNode node = FieldReader.present(step, "batch_config");
        if (node == null) {
            return null;
        }
        ObjectNode config = in.mapping(node, configPath);
        if (config == null) {
            return null;
        }
        in.rejectUnknownKeys(config, configPath, BATCH_CONFIG, Set.of());
        in.string(config, configPath, "worker_template", true);
        in.integer(config, configPath, "batch_size", 1, Integer.MAX_VALUE);
        in.integer(config, configPath, "parallelism", 1, Integer.MAX_VALUE);
        in.string(config, configPath, "cursor_field", false);
        String strategy = in.string(config, configPath, "failure_strategy", false);
        if (strategy != null && !FAILURE_STRATEGIES.contains(strategy)) {
            in.problem(YamlDocument.child(configPath, "failure_strategy"), "unknown failure_strategy '" + strategy
                    + "': expected continue_on_failure, fail_fast or isolate");
        }
        return config;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
