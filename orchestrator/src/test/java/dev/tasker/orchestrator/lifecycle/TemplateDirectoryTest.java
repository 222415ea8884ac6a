package dev.tasker.orchestrator.lifecycle;

import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading {@code tasker.templates.dir} at start, with a directory holding a valid and an invalid template. */
@QuarkusTest
class TemplateDirectoryTest {

    @Inject
    TemplateRegistry registry;

    private static TaskerConfig config(boolean failOnInvalid) {
        return new SmallRyeConfigBuilder().withMapping(TaskerConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of(
                        "tasker.templates.dir", "src/test/resources/templates-invalid",
                        "tasker.templates.fail-on-invalid", String.valueOf(failOnInvalid)), "test", 500))
                .build().getConfigMapping(TaskerConfig.class);
    }

    @Test
    void anInvalidTemplateFailsTheStartNamingFileLineAndField() {
        assertThatThrownBy(() -> new TemplateDirectory(registry, config(true)).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cyclic.yaml:9:20: steps[1].dependencies[0]: dependency cycle");
    }

    @Test
    void withFailOnInvalidOffTheValidTemplatesAreRegisteredAndTheOthersSkipped() {
        new TemplateDirectory(registry, config(false)).load();
        assertThat(registry.find("startup", "fine", null)).isPresent();
        assertThat(registry.find("startup", "cyclic", null)).isEmpty();
    }
}
