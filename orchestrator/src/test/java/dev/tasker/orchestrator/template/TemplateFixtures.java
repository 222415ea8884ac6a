package dev.tasker.orchestrator.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Test helpers: fixture paths under {@code src/test/resources/templates/} and problem extraction. */
final class TemplateFixtures {

    private TemplateFixtures() {
    }

    static Path fixture(String relative) {
        try {
            return Path.of(TemplateFixtures.class.getResource("/templates/" + relative).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TaskTemplate parseFixture(String relative) {
        try {
            return new TemplateParser().parse(fixture(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TemplateValidationException e) {
            throw new AssertionError("fixture " + relative + " should be valid:\n" + e.getMessage(), e);
        }
    }

    static TaskTemplate parse(String yaml) {
        try {
            return new TemplateParser().parse(yaml, "test.yaml");
        } catch (TemplateValidationException e) {
            throw new AssertionError("template should be valid:\n" + e.getMessage(), e);
        }
    }

    /** Parses {@code yaml}, which must be invalid, and returns the exception. */
    static TemplateValidationException invalid(String yaml) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> new TemplateParser().parse(yaml, "test.yaml"))
                .isInstanceOf(TemplateValidationException.class)
                .satisfies(e -> caught[0] = e);
        return (TemplateValidationException) caught[0];
    }
}
