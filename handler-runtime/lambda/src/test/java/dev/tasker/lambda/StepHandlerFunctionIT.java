package dev.tasker.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.lambda.emulator.DeployedFunction;
import dev.tasker.lambda.emulator.LambdaClients;
import dev.tasker.lambda.emulator.LambdaEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * End to end: the deployable zip ({@code target/tasker-lambda-function.zip}) unpacked and run by the
 * real Lambda Runtime Interface Client in its own JVM, behind the local Lambda emulator, invoked with
 * the AWS SDK v2 {@link LambdaClient}. The hosted module is the example handler built from
 * {@code src/main/wat/example-handler.wat}.
 */
class StepHandlerFunctionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOGS = Path.of("target", "emulator");

    private static LambdaEmulator emulator;
    private static LambdaClient lambda;
    private static FunctionPackage function;
    private static DeployedFunction packaged;
    private static String moduleDigest;

    @BeforeAll
    static void deploy() throws Exception {
        function = FunctionPackage.unpack(FunctionPackage.ZIP, Path.of("target", "it-function"));
        moduleDigest = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(function.extractModule())));
        emulator = new LambdaEmulator();
        lambda = LambdaClients.forEmulator(emulator.endpoint());
        packaged = emulator.deploy(function.spec("tasker-example", Map.of("TASKER_TIMEOUT_MS", "1500"),
                Duration.ofSeconds(30), List.of(), LOGS));
        emulator.deploy(function.spec("tasker-example-runtime-compiled",
                Map.of("TASKER_HANDLER_MODULE", function.extractModule().toString()), Duration.ofSeconds(30), List.of(), LOGS));
        emulator.deploy(function.spec("tasker-example-interpreted", Map.of("TASKER_COMPILE", "false"),
                Duration.ofSeconds(30), List.of(), LOGS));
    }

    @AfterAll
    static void stop() {
        if (lambda != null) {
            lambda.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @ParameterizedTest(name = "{0} runs {1}")
    @CsvSource({
        "tasker-example, build_time_compiled",
        "tasker-example-runtime-compiled, compiled",
        "tasker-example-interpreted, interpreted"})
    void successReturnsTheHandlersResultWithHostMetadata(String functionName, String executionMode) throws IOException {
        InvokeResponse response = invoke(functionName, StepInvocations.forExampleHandler("echo", "hello from lambda"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        JsonNode result = JSON.readTree(response.payload().asByteArray());
        assertThat(result.get("success").asBoolean()).isTrue();
        assertThat(result.get("result")).isEqualTo(JSON.readTree("{\"echo\":\"hello from lambda\"}"));
        JsonNode metadata = result.get("metadata");
        assertThat(metadata.get("handler").asText()).isEqualTo("tasker-example");
        assertThat(metadata.get("execution_mode").asText()).isEqualTo(executionMode);
        assertThat(metadata.get("module_digest").asText()).isEqualTo(moduleDigest);
        assertThat(metadata.get("stderr").asText()).isEqualTo("tasker example handler ran\n");
        assertThat(metadata.get("execution_time_ms").isIntegralNumber()).isTrue();
    }

    @Test
    void handlerFailureIsReturnedAsTheTypedFailureResult() throws IOException {
        JsonNode result = result(invoke("tasker-example", StepInvocations.forExampleHandler("fail", "")));

        assertThat(result.get("success").asBoolean()).isFalse();
        assertThat(result.get("error")).isEqualTo(JSON.readTree("""
                {"message":"the step asked to fail","error_type":"example_failure","retryable":false,
                 "error_code":"EXAMPLE_FAILURE"}"""));
        assertThat(result.get("metadata").get("handler").asText()).isEqualTo("tasker-example");
    }

    @Test
    void loopingHandlerTimesOutAndTheFunctionKeepsServing() throws IOException {
        invoke("tasker-example", StepInvocations.forExampleHandler("echo", "warm"));
        long pid = packaged.runtimePid();

        JsonNode timedOut = result(invoke("tasker-example", StepInvocations.forExampleHandler("loop", "")));
        assertThat(timedOut.get("success").asBoolean()).isFalse();
        assertThat(timedOut.get("error").get("error_type").asText()).isEqualTo("handler_timeout");
        assertThat(timedOut.get("error").get("retryable").asBoolean()).isTrue();

        JsonNode next = result(invoke("tasker-example", StepInvocations.forExampleHandler("echo", "after timeout")));
        assertThat(next.get("result").get("echo").asText()).isEqualTo("after timeout");
        assertThat(packaged.runtimePid()).isEqualTo(pid);
    }

    @Test
    void handlerTimeoutStaysWithinTheLambdaDeadline() throws IOException {
        // no TASKER_TIMEOUT_MS: the 30 s default would outlast Lambda's 3 s, so the deadline decides
        emulator.deploy(function.spec("tasker-example-short-deadline", Map.of(), Duration.ofSeconds(3), List.of(), LOGS));
        invoke("tasker-example-short-deadline", StepInvocations.forExampleHandler("echo", "warm"));

        InvokeResponse response = invoke("tasker-example-short-deadline", StepInvocations.forExampleHandler("loop", ""));

        assertThat(response.functionError()).as("the function answered before Lambda's own timeout").isNull();
        JsonNode result = result(response);
        assertThat(result.get("error").get("error_type").asText()).isEqualTo("handler_timeout");
        assertThat(result.get("metadata").get("execution_time_ms").asLong()).isLessThan(3000);
    }

    @Test
    void trappingHandlerFailsWithHandlerTrap() throws IOException {
        JsonNode result = result(invoke("tasker-example", StepInvocations.forExampleHandler("trap", "")));

        assertThat(result.get("success").asBoolean()).isFalse();
        assertThat(result.get("error").get("error_type").asText()).isEqualTo("handler_trap");
        assertThat(result.get("error").get("retryable").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "event {0}")
    @CsvSource(delimiter = '|', value = {
        "[1,2,3]",
        "{\"contract_version\":2,\"task\":{},\"step\":{}}",
        "{\"contract_version\":1}",
        "not json at all"})
    void malformedEventIsAnInvalidInvocationFailure(String event) throws IOException {
        InvokeResponse response = invoke("tasker-example", event.getBytes());

        assertThat(response.functionError()).isNull();
        JsonNode result = result(response);
        assertThat(result.get("success").asBoolean()).isFalse();
        assertThat(result.get("error").get("error_type").asText()).isEqualTo("invalid_invocation");
        assertThat(result.get("error").get("retryable").asBoolean()).isFalse();
        assertThat(result.get("error").get("message").asText()).startsWith("invalid step invocation");
    }

    @Test
    void missingModuleFailsInitWithAnErrorNamingIt() throws IOException {
        emulator.deploy(function.spec("tasker-missing-module", Map.of("TASKER_HANDLER_MODULE", "/no/such/handler.wasm"),
                Duration.ofSeconds(30), List.of(), LOGS));

        InvokeResponse response = invoke("tasker-missing-module", StepInvocations.forExampleHandler("echo", "x"));

        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.get("errorType").asText()).isEqualTo(FunctionInitException.class.getName());
        assertThat(error.get("errorMessage").asText()).contains("TASKER_HANDLER_MODULE=/no/such/handler.wasm");
    }

    @Test
    void unknownFunctionIsResourceNotFound() {
        assertThatThrownBy(() -> invoke("no-such-function", StepInvocations.forExampleHandler("echo", "x")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    private static InvokeResponse invoke(String functionName, byte[] event) {
        return lambda.invoke(b -> b.functionName(functionName).payload(SdkBytes.fromByteArray(event)));
    }

    private static JsonNode result(InvokeResponse response) throws IOException {
        assertThat(response.functionError()).as("function error, payload %s", response.payload().asUtf8String()).isNull();
        return JSON.readTree(response.payload().asByteArray());
    }
}
