package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static dev.tasker.orchestrator.template.TemplateFixtures.parse;
import static dev.tasker.orchestrator.template.TemplateFixtures.parseFixture;
import static org.assertj.core.api.Assertions.assertThat;

class ContextValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContextValidator validator = new ContextValidator();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void validContextHasNoProblems() throws Exception {
        TaskTemplate template = parseFixture("valid/approval_routing.yaml");

        assertThat(validator.validate(template, json("{\"amount\": 250.5, \"requester\": \"ada\"}"))).isEmpty();
    }

    @Test
    void eachProblemHasAJsonPointer() throws Exception {
        TaskTemplate template = parseFixture("valid/approval_routing.yaml");

        assertThat(validator.validate(template, json("{\"amount\": \"lots\", \"purpose\": 7}")))
                .extracting(ContextProblem::toString)
                .containsExactlyInAnyOrder(
                        "/amount: string found, number expected",
                        "/requester: required property 'requester' not found",
                        "/purpose: integer found, string expected");
    }

    @Test
    void rangeAndNestedArrayProblems() throws Exception {
        TaskTemplate template = parse("""
                name: items
                namespace_name: demo
                version: 1.0.0
                input_schema:
                  type: object
                  properties:
                    quantities:
                      type: array
                      items: {type: integer, minimum: 1}
                steps:
                  - name: only
                    handler: {callable: echo}
                """);

        assertThat(validator.validate(template, json("{\"quantities\": [3, 0, \"x\"]}")))
                .extracting(ContextProblem::pointer).containsExactly("/quantities/1", "/quantities/2");
    }

    @Test
    void missingContextFailsAnObjectSchema() throws Exception {
        TaskTemplate template = parseFixture("valid/approval_routing.yaml");

        assertThat(validator.validate(template, null)).extracting(ContextProblem::toString)
                .containsExactly("(context): null found, object expected");
    }

    @Test
    void templateWithoutInputSchemaAcceptsAnything() throws Exception {
        TaskTemplate template = parseFixture("valid/order_events.yaml");

        assertThat(validator.validate(template, json("[1, 2, 3]"))).isEmpty();
    }

    @Test
    void honoursTheSchemaDialect() throws Exception {
        String draft7 = """
                name: tuples
                namespace_name: demo
                version: 1.0.0
                input_schema:
                  $schema: "http://json-schema.org/draft-07/schema#"
                  type: array
                  items: [{type: string}, {type: integer}]
                steps:
                  - name: only
                    handler: {callable: echo}
                """;
        TaskTemplate template = parse(draft7);

        assertThat(validator.validate(template, json("[\"a\", 1]"))).isEmpty();
        assertThat(validator.validate(template, json("[\"a\", \"b\"]"))).extracting(ContextProblem::pointer)
                .containsExactly("/1");
        assertThat(TemplateFixtures.invalid(draft7.replace("  $schema: \"http://json-schema.org/draft-07/schema#\"\n", ""))
                .problems()).extracting(TemplateProblem::field)
                .as("without $schema the 2020-12 dialect applies, where items must be a single schema")
                .containsExactly("input_schema.items");
    }

    @Test
    void aTemplateReRegisteredWithAnotherSchemaUnderTheSameKeyUsesTheNewSchema() throws Exception {
        String yaml = """
                name: evolving
                namespace_name: demo
                version: 1.0.0
                input_schema: {type: object, required: [%s]}
                steps:
                  - name: only
                    handler: {callable: echo}
                """;
        JsonNode context = json("{\"a\": 1}");

        assertThat(validator.validate(parse(yaml.formatted("a")), context)).isEmpty();
        assertThat(validator.validate(parse(yaml.formatted("b")), context)).extracting(ContextProblem::pointer)
                .containsExactly("/b");
    }
}
