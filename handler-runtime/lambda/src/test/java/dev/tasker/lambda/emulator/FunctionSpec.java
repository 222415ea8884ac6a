package dev.tasker.lambda.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the emulator runs one Lambda function: as a separate JVM executing the AWS Lambda Runtime
 * Interface Client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>}),
 * like Lambda's managed Java runtime does.
 *
 * @param name        function name ({@code [a-zA-Z0-9-_]+}, as in Lambda), used in the Invoke API path
 * @param java        the {@code java} launcher to run
 * @param jvmOptions  options placed before {@code -cp} (e.g. {@code -XX:SharedArchiveFile=...})
 * @param classpath   the function's class path (its jars plus the Runtime Interface Client's)
 * @param handler     the handler string, {@code package.Class::method}
 * @param environment extra environment variables of the function process (the function's configuration)
 * @param timeout     the function timeout: the Runtime API deadline is invocation start plus this
 * @param workDir     working directory of the process (Lambda's task root, {@code /var/task})
 * @param logFile     file receiving the process's stdout and stderr (appended)
 */
public record FunctionSpec(String name, Path java, List<String> jvmOptions, String classpath, String handler,
                           Map<String, String> environment, Duration timeout, Path workDir, Path logFile) {

    /** The Runtime Interface Client's main class. */
    public static final String RUNTIME_INTERFACE_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    public FunctionSpec {
        if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("function name must match [a-zA-Z0-9_-]{1,64}: " + name);
        }
        Objects.requireNonNull(java, "java");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(handler, "handler");
        environment = Map.copyOf(environment);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("function timeout must be positive: " + timeout);
        }
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(logFile, "logFile");
    }

    /** The process command line: {@code java <jvmOptions> -cp <classpath> AWSLambda <handler>}. */
    List<String> command() {
        var command = new java.util.ArrayList<String>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(RUNTIME_INTERFACE_CLIENT);
        command.add(handler);
        return command;
    }

    /** Copy with other extra environment variables. */
    public FunctionSpec withEnvironment(Map<String, String> newEnvironment) {
        return new FunctionSpec(name, java, jvmOptions, classpath, handler, newEnvironment, timeout, workDir, logFile);
    }

    /** Copy with another name (and log file beside the current one, named after it). */
    public FunctionSpec withName(String newName) {
        return new FunctionSpec(newName, java, jvmOptions, classpath, handler, environment, timeout, workDir,
                logFile.resolveSibling(newName + ".log"));
    }
}
