package dev.tasker.loadtests.orchestrator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tasker.runtime.ExecutionOutcome;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeConfig;
import dev.tasker.runtime.contract.StepInvocation;
import dev.tasker.runtime.contract.StepResult;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BenchWorkloadTest {

    @Test
    void noopHandlerAnswersAnEmptySuccessOnTheRealRuntime() throws Exception {
        StepInvocation invocation = new StepInvocation(StepInvocation.CONTRACT_VERSION,
                new StepInvocation.TaskInfo(UUID.randomUUID(), BenchWorkload.NAMESPACE, "linear4", "1.0.0",
                        BenchWorkload.context("run", 7), null),
                new StepInvocation.StepInfo(UUID.randomUUID(), "step_a", 1, 3, null, null),
                JsonNodeFactory.instance.objectNode(), Map.of());

        try (HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults().withCompile(false))) {
            LoadedHandler handler = runtime.load(BenchWorkload.handlerModule());
            ExecutionOutcome outcome = runtime.execute(handler, invocation, null);

            assertThat(outcome.result()).isInstanceOfSatisfying(StepResult.Success.class,
                    success -> assertThat(success.result()).isEqualTo(JsonNodeFactory.instance.objectNode()));
        }
    }

    @Test
    void templatesNameTheHandlerAndHaveFourSteps() {
        for (BenchWorkload.Shape shape : BenchWorkload.Shape.values()) {
            String yaml = shape.yaml();
            assertThat(yaml).contains("name: " + shape.templateName(), "namespace_name: " + BenchWorkload.NAMESPACE);
            assertThat(yaml.split("callable: " + BenchWorkload.HANDLER, -1)).hasSize(shape.steps() + 1);
        }
    }

    @Test
    void contextsDifferPerTask() {
        assertThat(BenchWorkload.context("run", 1)).isNotEqualTo(BenchWorkload.context("run", 2));
        assertThat(BenchWorkload.context("run", 1).toString()).isEqualTo("{\"run\":\"run\",\"seq\":1}");
    }
}
