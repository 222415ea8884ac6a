package dev.tasker.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tasker.runtime.RuntimeLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionConfigTest {

    @Test
    void unsetVariablesTakeTheHandlerRuntimeDefaults() {
        FunctionConfig config = FunctionConfig.fromEnvironment(Map.of());

        assertThat(config.limits()).isEqualTo(RuntimeLimits.defaults());
        assertThat(config.modulePath()).isNull();
        assertThat(config.deadlineMargin()).isEqualTo(Duration.ofMillis(FunctionConfig.DEFAULT_DEADLINE_MARGIN_MS));
        assertThat(config.compile()).isTrue();
    }

    @Test
    void everyVariableIsRead() {
        FunctionConfig config = FunctionConfig.fromEnvironment(Map.of(
                "TASKER_HANDLER_MODULE", "/var/task/my.wasm",
                "TASKER_TIMEOUT_MS", "1500",
                "TASKER_MEMORY_PAGES", "32",
                "TASKER_MAX_MODULE_BYTES", "2048",
                "TASKER_MAX_STDOUT_BYTES", "4096",
                "TASKER_MAX_STDERR_BYTES", "512",
                "TASKER_DEADLINE_MARGIN_MS", "0",
                "TASKER_COMPILE", "FALSE"));

        assertThat(config.modulePath()).isEqualTo(Path.of("/var/task/my.wasm"));
        assertThat(config.limits()).isEqualTo(new RuntimeLimits(2048, 32, Duration.ofMillis(1500), 4096, 512));
        assertThat(config.deadlineMargin()).isZero();
        assertThat(config.compile()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "TASKER_TIMEOUT_MS, 0, 'must be an integer from 1 to'",
        "TASKER_TIMEOUT_MS, 10s, 'got ''10s'''",
        "TASKER_MEMORY_PAGES, 65537, 'from 1 to 65536'",
        "TASKER_MAX_STDOUT_BYTES, 3000000000, 'from 1 to 2147483647'",
        "TASKER_DEADLINE_MARGIN_MS, -1, 'from 0 to'",
        "TASKER_COMPILE, yes, 'must be true or false'"})
    void invalidValuesAreRejectedNamingTheVariable(String variable, String value, String expected) {
        assertThatThrownBy(() -> FunctionConfig.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment variable " + variable)
                .hasMessageContaining(expected);
    }
}
