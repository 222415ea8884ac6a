package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskStatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void serverLatencyFromIsoTimestampsWithOffsets() throws Exception {
        JsonNode task = JSON.readTree("""
                {"created_at": "2026-11-02T10:15:30.123456Z", "completed_at": "2026-11-02T11:15:30.150456+01:00"}""");

        assertThat(TaskStates.serverLatency(task)).isEqualTo(Duration.ofNanos(27_000_000));
    }

    @Test
    void numericTimestampsAreEpochSeconds() throws Exception {
        JsonNode task = JSON.readTree("{\"created_at\": 1793614530.250000000}");

        assertThat(TaskStates.instant(task, "created_at")).isEqualTo(Instant.ofEpochSecond(1793614530L, 250_000_000));
    }

    @Test
    void missingOrMalformedTimestampNamesTheField() throws Exception {
        JsonNode task = JSON.readTree("{\"created_at\": \"yesterday\", \"completed_at\": null}");

        assertThatThrownBy(() -> TaskStates.instant(task, "created_at"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'created_at'");
        assertThatThrownBy(() -> TaskStates.instant(task, "completed_at"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'completed_at'");
    }
}
