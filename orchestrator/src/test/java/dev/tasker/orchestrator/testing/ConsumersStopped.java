package dev.tasker.orchestrator.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Test profile without the background consumers (step dispatcher, result processor, retry scheduler, claim
 * recovery): for tests that set states by hand, and for tests that drive the consumers one round at a time.
 */
public class ConsumersStopped implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tasker.dispatcher.enabled", "false", "tasker.results.enabled", "false");
    }
}
