package dev.tasker.lambda.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The emulator against the real Runtime Interface Client running a plain echo function
 * ({@link EchoFunction}) in a separate JVM, called with the AWS SDK: checks the Runtime API paths the
 * Tasker function relies on (response, error, init error, deadline header, process exit).
 */
class LambdaEmulatorTest {

    private static LambdaEmulator emulator;
    private static LambdaClient lambda;
    private static FunctionSpec echo;

    @BeforeAll
    static void start() throws Exception {
        emulator = new LambdaEmulator();
        lambda = LambdaClients.forEmulator(emulator.endpoint());
        Path testClasses = Path.of(EchoFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        echo = new FunctionSpec("echo", Classpaths.currentJava(), List.of("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"),
                Classpaths.join(testClasses.toString(), Classpaths.runtimeInterfaceClient()),
                EchoFunction.class.getName() + "::handleRequest", Map.of(), Duration.ofSeconds(20),
                Path.of("target"), Path.of("target", "emulator", "echo.log"));
        emulator.deploy(echo);
    }

    @AfterAll
    static void stop() {
        lambda.close();
        emulator.close();
    }

    @Test
    void responseIsReturnedAndDeadlineReachesTheFunction() {
        assertThat(invoke("echo", "{\"hello\":\"lambda\"}").payload().asUtf8String()).isEqualTo("{\"hello\":\"lambda\"}");
        InvokeResponse deadline = invoke("echo", "\"deadline\"");
        assertThat(deadline.functionError()).isNull();
        assertThat(Long.parseLong(deadline.payload().asUtf8String())).isBetween(1L, 20_000L);
    }

    @Test
    void thrownExceptionIsAnUnhandledFunctionErrorAndTheEnvironmentSurvives() {
        InvokeResponse response = invoke("echo", "\"throw\"");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String())
                .contains("\"errorType\":\"java.lang.IllegalArgumentException\"")
                .contains("thrown on request");
        assertThat(invoke("echo", "\"still here\"").payload().asUtf8String()).isEqualTo("\"still here\"");
    }

    @Test
    void processExitFailsTheInvocationAndTheNextOneColdStarts() {
        var function = emulator.deploy(echo.withName("echo-exit"));
        invoke("echo-exit", "\"warm\"");
        InvokeResponse exit = invoke("echo-exit", "\"exit\"");
        assertThat(exit.functionError()).isEqualTo("Unhandled");
        assertThat(exit.payload().asUtf8String()).contains("Runtime.ExitError").contains("exit status 3");
        assertThat(invoke("echo-exit", "\"again\"").payload().asUtf8String()).isEqualTo("\"again\"");
        assertThat(function.coldStarts()).hasSize(2);
    }

    @Test
    void initErrorIsReportedToTheCaller() {
        emulator.deploy(echo.withName("echo-init-error").withEnvironment(Map.of("ECHO_FAIL_INIT", "broken config")));
        InvokeResponse response = invoke("echo-init-error", "{}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String()).contains("init failed on purpose: broken config");
    }

    @Test
    void unknownFunctionIsResourceNotFound() {
        assertThatThrownBy(() -> invoke("no-such-function", "{}"))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("function:no-such-function");
                });
    }

    private static InvokeResponse invoke(String function, String event) {
        return lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(event)));
    }
}
