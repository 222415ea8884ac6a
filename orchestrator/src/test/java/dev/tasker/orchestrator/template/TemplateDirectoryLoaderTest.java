package dev.tasker.orchestrator.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import static dev.tasker.orchestrator.template.TemplateFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateDirectoryLoaderTest {

    private final TemplateDirectoryLoader loader = new TemplateDirectoryLoader(new TemplateParser());

    @Test
    void loadsEveryTemplateAndReportsEveryProblemAcrossFiles() throws Exception {
        Path directory = fixture("directory");

        TemplateDirectoryLoader.Result result = loader.load(directory);

        assertThat(result.templates()).extracting(TaskTemplate::key)
                .containsExactly("payments/charge_card@1.0.0", "payments/process_refund@1.0.0");
        assertThat(result.templates()).extracting(TaskTemplate::source).containsExactly(
                directory.resolve("payments/nested/charge.yml").toString(),
                directory.resolve("payments/refund.yaml").toString());
        assertThat(result.problems()).extracting(TemplateProblem::toString).containsExactly(
                directory.resolve("broken/bad_syntax.yaml") + ":6:26: YAML syntax error: while parsing a flow mapping:"
                        + " expected ',' or '}', but got <stream end>",
                directory.resolve("broken/cycle.yaml") + ":10:20: steps[1].dependencies[0]: dependency cycle:"
                        + " a -> b -> a (each step depends on the next)",
                directory.resolve("broken/cycle.yaml") + ":11:5: steps[1].timeout_seconds: must be between 1 and"
                        + " 3600, got -1",
                directory.resolve("payments/refund_copy.yaml") + ":2:1: name: template payments/process_refund@1.0.0"
                        + " is already defined in " + directory.resolve("payments/refund.yaml"));
        assertThat(result.hasProblems()).isTrue();
        assertThatThrownBy(result::templatesOrThrow).isInstanceOf(TemplateValidationException.class)
                .satisfies(e -> assertThat(((TemplateValidationException) e).problems()).hasSize(4));
    }

    @Test
    void cleanDirectoryYieldsTemplatesWithoutProblems() throws Exception {
        TemplateDirectoryLoader.Result result = loader.load(fixture("valid"));

        assertThat(result.hasProblems()).isFalse();
        assertThat(result.templatesOrThrow()).extracting(TaskTemplate::name)
                .containsExactly("approval_routing", "csv_product_inventory_analyzer", "order_events");
    }

    @Test
    void fileThatIsNotUtf8IsOneProblem(@TempDir Path directory) throws Exception {
        Files.write(directory.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});

        TemplateDirectoryLoader.Result result = loader.load(directory);

        assertThat(result.templates()).isEmpty();
        assertThat(result.problems()).extracting(TemplateProblem::message).containsExactly("the file is not UTF-8 text");
    }

    @Test
    void missingDirectoryIsAnIoError(@TempDir Path directory) {
        assertThatThrownBy(() -> loader.load(directory.resolve("absent"))).isInstanceOf(NotDirectoryException.class);
    }
}
