package dev.tasker.orchestrator.execution;

import dev.tasker.orchestrator.config.TaskerConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tasker.dispatcher.visibility-timeout-seconds} has no effect since migration V21, but a configuration that
 * still sets it must start: removed from the mapping, the key failed start-up ("SRCFG00050 ... does not map to any
 * root").
 */
@QuarkusTest
@TestProfile(ObsoleteDispatcherSettingTest.Profile.class)
class ObsoleteDispatcherSettingTest {

    /** The background consumers stopped, and the obsolete setting set. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tasker.dispatcher.enabled", "false", "tasker.results.enabled", "false",
                    "tasker.dispatcher.visibility-timeout-seconds", "30");
        }
    }

    @Inject
    TaskerConfig config;

    @Test
    @SuppressWarnings("deprecation")
    void anApplicationThatStillSetsTheClaimVisibilityTimeoutStarts() {
        assertThat(config.dispatcher().visibilityTimeoutSeconds()).contains(30);
    }
}
