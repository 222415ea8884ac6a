package dev.tasker.lambda.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda execution environment: a runtime process (a separate JVM running the Runtime Interface
 * Client) and the Runtime API it talks to, served on its own loopback port.
 *
 * <p>Runtime API (version 2018-06-01, AWS Lambda Developer Guide, "Using the Lambda runtime API for
 * custom runtimes"), paths under {@code /2018-06-01/runtime/}:
 * <ul>
 *   <li>{@code GET invocation/next}: blocks until an invocation is queued; 200 with the event as body and
 *       the headers {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms} (epoch ms:
 *       delivery time plus the function timeout), {@code Lambda-Runtime-Invoked-Function-Arn},
 *       {@code Lambda-Runtime-Trace-Id}. The first call ends the init phase.</li>
 *   <li>{@code POST invocation/{id}/response}: the result; 202.</li>
 *   <li>{@code POST invocation/{id}/error}: a function error document; 202.</li>
 *   <li>{@code POST init/error}: the init phase failed; 202. Queued invocations fail with the document.</li>
 * </ul>
 * An unknown request id gets 400 {@code InvalidRequestID}; any other path 404.
 *
 * <p>Like Lambda, the environment enforces the function timeout (the invocation fails with
 * {@code Sandbox.Timedout} and the process is killed), a 10 s init timeout, and reports a process that
 * exits as {@code Runtime.ExitError}. After any of these the environment is dead; the next invocation
 * gets a new one (a cold start). Closing stops the process with SIGTERM, then SIGKILL after
 * {@link #SHUTDOWN_GRACE}.
 */
final class ExecutionEnvironment implements AutoCloseable {

    static final Duration INIT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION_PATH = Pattern.compile("invocation/([^/]+)/(response|error)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionSpec spec;
    private final String functionArn;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final long processStartNanos;
    private final Process process;
    private volatile long initCompleteNanos;
    private volatile long firstResultNanos;
    private volatile byte[] initError;
    private volatile boolean closed;

    private ExecutionEnvironment(FunctionSpec spec, String functionArn) throws IOException {
        this.spec = spec;
        this.functionArn = functionArn;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext(PREFIX, this::handle);
        server.start();
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        var builder = new ProcessBuilder(spec.command())
                .directory(spec.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
        builder.environment().putAll(runtimeEnvironment());
        builder.environment().putAll(spec.environment());
        this.processStartNanos = System.nanoTime();
        try {
            this.process = builder.start();
        } catch (IOException e) {
            server.stop(0);
            handlers.shutdownNow();
            throw e;
        }
        process.onExit().thenRun(this::runtimeExited);
        CompletableFuture.delayedExecutor(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (initCompleteNanos == 0 && !closed) {
                failInit(errorDocument("Init timed out after " + INIT_TIMEOUT.toSeconds() + " s", "Runtime.InitTimeout"));
                close();
            }
        });
    }

    /** Starts the Runtime API server and the runtime process (the init phase begins). */
    static ExecutionEnvironment start(FunctionSpec spec, String functionArn) throws IOException {
        return new ExecutionEnvironment(spec, functionArn);
    }

    /** True while the environment can take invocations (process running, no init failure, not closed). */
    boolean isAlive() {
        return !closed && initError == null && process.isAlive();
    }

    /** Cold start timestamps of this environment. */
    EnvironmentStart startTimes() {
        return new EnvironmentStart(processStartNanos, initCompleteNanos, firstResultNanos);
    }

    /** Process id of the runtime process. */
    long pid() {
        return process.pid();
    }

    /** CPU time (user + system) the runtime process has used so far; zero when the OS does not report it. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Queues an invocation for the runtime's next {@code /invocation/next}; completes with its outcome. */
    CompletableFuture<InvocationOutcome> submit(byte[] event) {
        var invocation = new Invocation(UUID.randomUUID().toString(), event);
        byte[] failure = initError;
        if (failure != null || closed) {
            invocation.outcome.complete(InvocationOutcome.failure(failure != null ? failure
                    : errorDocument("execution environment is shut down", "Runtime.ExitError")));
        } else {
            queued.add(invocation);
        }
        return invocation.outcome;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        failAll(errorDocument("execution environment was shut down", "Runtime.ExitError"));
        server.stop(0);
        handlers.shutdownNow();
    }

    /**
     * Stops the runtime like Lambda's shutdown phase: SIGTERM, then SIGKILL after
     * {@link #SHUTDOWN_GRACE}. A graceful exit lets the JVM write what it writes at exit (e.g. an AppCDS
     * archive requested with {@code -XX:ArchiveClassesAtExit}).
     */
    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, String> runtimeEnvironment() {
        var env = new LinkedHashMap<String, String>();
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "emulator/" + UUID.randomUUID());
        env.put("AWS_REGION", LambdaEmulator.REGION);
        env.put("AWS_DEFAULT_REGION", LambdaEmulator.REGION);
        env.put("LAMBDA_TASK_ROOT", spec.workDir().toAbsolutePath().toString());
        env.put("_HANDLER", spec.handler());
        return env;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            Matcher invocationPath = INVOCATION_PATH.matcher(path);
            if (path.equals("invocation/next") && method.equals("GET")) {
                next(exchange);
            } else if (invocationPath.matches() && method.equals("POST")) {
                complete(exchange, invocationPath.group(1), invocationPath.group(2).equals("response"));
            } else if (path.equals("init/error") && method.equals("POST")) {
                failInit(exchange.getRequestBody().readAllBytes());
                respond(exchange, 202, "{\"status\":\"OK\"}".getBytes());
            } else {
                respond(exchange, 404, errorDocument("no Runtime API resource " + method + " " + PREFIX + path,
                        "NotFound"));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (initCompleteNanos == 0) {
            initCompleteNanos = System.nanoTime();
        }
        Invocation invocation;
        try {
            do {
                invocation = queued.poll(100, TimeUnit.MILLISECONDS);
                if (closed) {
                    return;
                }
            } while (invocation == null || invocation.outcome.isDone());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long timeoutMs = spec.timeout().toMillis();
        long deadline = System.currentTimeMillis() + timeoutMs;
        inFlight.put(invocation.id, invocation);
        Invocation delivered = invocation;
        CompletableFuture.delayedExecutor(timeoutMs, TimeUnit.MILLISECONDS).execute(() -> {
            String seconds = String.format("%.2f", timeoutMs / 1000.0);
            if (inFlight.remove(delivered.id) != null && delivered.outcome.complete(InvocationOutcome.failure(
                    errorDocument("RequestId: " + delivered.id + " Task timed out after " + seconds + " seconds",
                            "Sandbox.Timedout")))) {
                close();
            }
        });
        var headers = exchange.getResponseHeaders();
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.id);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        headers.set("Content-Type", "application/json");
        respond(exchange, 200, invocation.event);
    }

    private void complete(HttpExchange exchange, String requestId, boolean success) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            respond(exchange, 400, errorDocument("Invalid request ID: " + requestId, "InvalidRequestID"));
            return;
        }
        if (firstResultNanos == 0) {
            firstResultNanos = System.nanoTime();
        }
        invocation.outcome.complete(success ? InvocationOutcome.success(body) : InvocationOutcome.failure(body));
        respond(exchange, 202, "{\"status\":\"OK\"}".getBytes());
    }

    private void failInit(byte[] errorDocument) {
        initError = errorDocument;
        failAll(errorDocument);
    }

    private void runtimeExited() {
        if (!closed) {
            failAll(errorDocument("Runtime exited with error: exit status " + process.exitValue(),
                    "Runtime.ExitError"));
            close();
        }
    }

    private void failAll(byte[] errorDocument) {
        for (Invocation invocation; (invocation = queued.poll()) != null; ) {
            invocation.outcome.complete(InvocationOutcome.failure(errorDocument));
        }
        inFlight.values().forEach(i -> i.outcome.complete(InvocationOutcome.failure(errorDocument)));
        inFlight.clear();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** A Lambda error document: {@code {"errorMessage": ..., "errorType": ...}}. */
    static byte[] errorDocument(String message, String type) {
        try {
            return JSON.writeValueAsBytes(Map.of("errorMessage", message, "errorType", type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An X-Ray trace header: {@code Root=1-<epoch seconds hex>-<96-bit hex>;Sampled=0}. */
    private static String traceId() {
        var random = ThreadLocalRandom.current();
        byte[] id = new byte[12];
        random.nextBytes(id);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(id)
                + ";Sampled=0";
    }

    private static final class Invocation {
        final String id;
        final byte[] event;
        final CompletableFuture<InvocationOutcome> outcome = new CompletableFuture<>();

        Invocation(String id, byte[] event) {
            this.id = id;
            this.event = event;
        }
    }
}
