package dev.tasker.lambda.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for AWS Lambda: serves the Lambda Invoke API on a loopback port and runs each
 * deployed function in a separate JVM speaking the Runtime API (see {@link ExecutionEnvironment}).
 *
 * <p>Invoke API ({@code POST /2015-03-31/functions/{FunctionName}/invocations}, AWS Lambda API
 * Reference, "Invoke"): {@code FunctionName} is a name, a name with {@code :qualifier}, or a function
 * ARN. Invocation types {@code RequestResponse} (default) and {@code DryRun} (204) are supported.
 * Responses: 200 with the function's payload and {@code X-Amz-Executed-Version: $LATEST}, plus
 * {@code X-Amz-Function-Error: Unhandled} when the function failed; 404
 * {@code ResourceNotFoundException} for an unknown function; 413 {@code RequestTooLargeException} over
 * 6 MiB; 400 {@code InvalidParameterValueException} for other invocation types. Errors are AWS JSON
 * errors: header {@code x-amzn-ErrorType} and body {@code {"Type":"User","message":...}}.
 */
public final class LambdaEmulator implements AutoCloseable {

    /** Region reported in ARNs and to functions. */
    public static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";
    private static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    private static final Pattern INVOKE_PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, DeployedFunction> functions = new ConcurrentHashMap<>();

    /** Starts the Invoke API on an ephemeral loopback port. */
    public LambdaEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URI of the Invoke API, for the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Deploys (or replaces) a function; its runtime process starts on the first invocation.
     *
     * @return the deployed function, for direct invocation and cold start timestamps
     */
    public DeployedFunction deploy(FunctionSpec spec) {
        var function = new DeployedFunction(spec, "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + spec.name());
        DeployedFunction previous = functions.put(spec.name(), function);
        if (previous != null) {
            previous.close();
        }
        return function;
    }

    @Override
    public void close() {
        functions.values().forEach(DeployedFunction::close);
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = INVOKE_PATH.matcher(exchange.getRequestURI().getPath());
            if (!path.matches() || !exchange.getRequestMethod().equals("POST")) {
                awsError(exchange, 404, "UnknownOperationException",
                        "the emulator serves only POST /2015-03-31/functions/{name}/invocations, not "
                                + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                return;
            }
            String name = functionName(path.group(1));
            DeployedFunction function = functions.get(name);
            if (function == null) {
                awsError(exchange, 404, "ResourceNotFoundException",
                        "Function not found: arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name);
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if ("DryRun".equals(type)) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (type != null && !type.equals("RequestResponse")) {
                awsError(exchange, 400, "InvalidParameterValueException",
                        "the emulator supports invocation types RequestResponse and DryRun, not " + type);
                return;
            }
            byte[] event = exchange.getRequestBody().readNBytes(MAX_PAYLOAD_BYTES + 1);
            if (event.length > MAX_PAYLOAD_BYTES) {
                awsError(exchange, 413, "RequestTooLargeException",
                        "Request must be smaller than " + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
                return;
            }
            InvocationOutcome outcome = function.invoke(event);
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "application/json");
            headers.set("X-Amz-Executed-Version", "$LATEST");
            if (outcome.functionError() != null) {
                headers.set("X-Amz-Function-Error", outcome.functionError());
            }
            exchange.sendResponseHeaders(200, outcome.payload().length == 0 ? -1 : outcome.payload().length);
            exchange.getResponseBody().write(outcome.payload());
        }
    }

    /** The function name in a name, {@code name:qualifier}, or (partial) function ARN. */
    private static String functionName(String nameOrArn) {
        String name = nameOrArn;
        int function = name.indexOf("function:");
        if (function >= 0) {
            name = name.substring(function + "function:".length());
        }
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    private static void awsError(HttpExchange exchange, int status, String type, String message) throws IOException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("Type", "User", "message", message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
