package dev.tasker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.StepResult;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark handler ({@code wat/aggregate.wat}) computes the right answer: its counts over the
 * invocation JSON match an independent walk of the same JSON with Jackson.
 */
class AggregateHandlerTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aggregatesTheWholeInvocation(boolean compile) throws Exception {
        byte[] stdin = ContractJson.writeInvocation(Fixtures.orderInvocation(18));
        assertThat(stdin.length).isBetween(1800, 2600);
        Counts expected = new Counts();
        expected.walk(new ObjectMapper().readTree(stdin));

        try (HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults().withCompile(compile))) {
            ExecutionOutcome outcome = runtime.execute(runtime.load(Fixtures.wasm("aggregate")), stdin, null);

            JsonNode result = ((StepResult.Success) outcome.result()).result();
            assertThat(result.get("bytes").asInt()).isEqualTo(stdin.length);
            assertThat(result.get("objects").asLong()).isEqualTo(expected.objects);
            assertThat(result.get("arrays").asLong()).isEqualTo(expected.arrays);
            assertThat(result.get("strings").asLong()).isEqualTo(expected.strings);
            assertThat(result.get("numbers").asLong()).isEqualTo(expected.numbers);
            assertThat(result.get("sum").asLong()).isEqualTo(expected.sum);
        }
    }

    /** Reference counts: objects, arrays, strings (keys and values), numbers, sum of integer parts. */
    private static final class Counts {
        long objects;
        long arrays;
        long strings;
        long numbers;
        long sum;

        void walk(JsonNode node) {
            if (node.isObject()) {
                objects++;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    strings++;
                    walk(field.getValue());
                }
            } else if (node.isArray()) {
                arrays++;
                node.forEach(this::walk);
            } else if (node.isTextual()) {
                strings++;
            } else if (node.isNumber()) {
                numbers++;
                sum += node.isIntegralNumber() ? node.longValue() : (long) node.doubleValue();
            }
        }
    }
}
