package dev.tasker.lambda.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.lambda.FunctionPackage;
import dev.tasker.lambda.StepInvocations;
import dev.tasker.lambda.emulator.Classpaths;
import dev.tasker.lambda.emulator.DeployedFunction;
import dev.tasker.lambda.emulator.EchoFunction;
import dev.tasker.lambda.emulator.EnvironmentStart;
import dev.tasker.lambda.emulator.FunctionSpec;
import dev.tasker.lambda.emulator.LambdaClients;
import dev.tasker.lambda.emulator.LambdaEmulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Cold start harness (run on demand: {@code handler-runtime/lambda/coldstart.sh} or
 * {@code ./mvnw -Pcoldstart -pl handler-runtime/lambda -am verify -DskipTests}; never part of the test run).
 *
 * <p>Deploys the function zip to the local Lambda emulator and measures, for every variant (how the
 * module is executed × JVM start-up options), N cold starts: each run starts a new runtime JVM (Runtime
 * Interface Client + function), invokes it once through the Invoke API with the AWS SDK, checks the
 * result, and stops the JVM. Runs are interleaved across variants so machine noise spreads evenly. A
 * reference row runs a plain echo function (no Tasker code) the same way: the JVM + RIC floor.
 * Times per run (ms), from just before the process is started:
 * <ul>
 *   <li>init: until the runtime first calls {@code /runtime/invocation/next} (handler constructed:
 *       runtime created, module validated and loaded/compiled)</li>
 *   <li>first result: until the runtime posts the step result</li>
 *   <li>cold invoke: until the SDK call returns (what a caller of a cold function waits)</li>
 * </ul>
 * (p50 and p95 by nearest rank over the runs that returned the expected result; the minimum first result
 * approximates an uncontended machine). A run that fails (e.g. the emulator's 10 s init timeout on an
 * overloaded machine) is counted in the "failed" column and left out of the times.
 * plus the CPU time (user + system) the runtime process used up to its first result: the work a cold
 * start costs, which depends much less than wall-clock times on what else the machine is running.
 * AppCDS and AOT-cache variants first make a training run (three invocations, then SIGTERM) with
 * {@code -XX:ArchiveClassesAtExit} / {@code -XX:AOTCacheOutput} (JDK 25, JEP 483/514).
 *
 * <p>System properties: {@code coldstart.runs} (default 20), {@code coldstart.modes} (comma list of
 * {@code build_time_compiled,compiled,interpreted}), {@code coldstart.jvms} (comma list of
 * {@code no-cds,default,lambda,appcds,aot}), {@code coldstart.zip}, {@code coldstart.dir}
 * (work directory, default {@code target/coldstart}), {@code coldstart.event} (a step invocation JSON file
 * for the packaged module; default: an echo invocation of the example handler) and
 * {@code coldstart.expectedResult} (JSON the first {@code result} must equal; checked only when set, or for
 * the default event). Prints a Markdown table and writes it to
 * {@code <dir>/results.md}.
 */
public final class ColdStartBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the function runs the module, and the function environment selecting it. */
    enum ModuleMode {
        BUILD_TIME_COMPILED("build_time_compiled"),
        COMPILED("compiled"),
        INTERPRETED("interpreted");

        final String executionMode;

        ModuleMode(String executionMode) {
            this.executionMode = executionMode;
        }

        Map<String, String> environment(Path moduleFile) {
            return switch (this) {
                case BUILD_TIME_COMPILED -> Map.of();
                case COMPILED -> Map.of("TASKER_HANDLER_MODULE", moduleFile.toString());
                case INTERPRETED -> Map.of("TASKER_COMPILE", "false");
            };
        }
    }

    /**
     * JVM start-up options; archive-based ones need a training run writing {@code archive}. "Lambda flags"
     * are what Lambda's Java 17/21 managed runtimes start the JVM with: C1 only and the serial collector.
     */
    enum JvmConfig {
        NO_CDS("no-cds", "-Xshare:off"),
        DEFAULT("default", "JDK defaults (CDS of JDK classes, C2, G1)"),
        LAMBDA("lambda", "Lambda flags: -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
        APPCDS("appcds", "AppCDS archive + Lambda flags"),
        AOT("aot", "AOT cache (JDK 25) + Lambda flags");

        private static final List<String> LAMBDA_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

        final String id;
        final String description;

        JvmConfig(String id, String description) {
            this.id = id;
            this.description = description;
        }

        boolean needsTraining() {
            return this == APPCDS || this == AOT;
        }

        List<String> trainingOptions(Path archive) {
            return switch (this) {
                case APPCDS -> withLambdaFlags("-XX:ArchiveClassesAtExit=" + archive);
                case AOT -> withLambdaFlags("-XX:AOTCacheOutput=" + archive);
                default -> throw new IllegalStateException(id + " has no training run");
            };
        }

        List<String> options(Path archive) {
            return switch (this) {
                case NO_CDS -> List.of("-Xshare:off");
                case DEFAULT -> List.of();
                case LAMBDA -> LAMBDA_FLAGS;
                case APPCDS -> withLambdaFlags("-XX:SharedArchiveFile=" + archive);
                case AOT -> withLambdaFlags("-XX:AOTCache=" + archive);
            };
        }

        private static List<String> withLambdaFlags(String option) {
            var options = new ArrayList<String>();
            options.add(option);
            options.addAll(LAMBDA_FLAGS);
            return options;
        }

        static JvmConfig byId(String id) {
            return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown coldstart.jvms entry '" + id + "'"));
        }
    }

    /** A check that a cold invocation returned the expected result (the measurement is void otherwise). */
    interface ResultCheck {
        void verify(InvokeResponse response) throws IOException;
    }

    /** One measured configuration: how it is deployed, what its first result must be, and its samples (ms). */
    record Variant(String module, String jvm, FunctionSpec spec, ResultCheck check, List<Double> init,
                   List<Double> firstResult, List<Double> coldInvoke, List<Double> cpu, List<String> failures) {
        Variant(String module, String jvm, FunctionSpec spec, ResultCheck check) {
            this(module, jvm, spec, check, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
        }
    }

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("coldstart.runs", 20);
        Path dir = Path.of(System.getProperty("coldstart.dir", "target/coldstart")).toAbsolutePath();
        Path zip = Path.of(System.getProperty("coldstart.zip", FunctionPackage.ZIP.toString()));
        List<ModuleMode> modes = Arrays.stream(System.getProperty("coldstart.modes", "build_time_compiled,compiled,interpreted")
                .split(",")).map(m -> ModuleMode.valueOf(m.trim().toUpperCase(Locale.ROOT))).toList();
        List<JvmConfig> jvms = Arrays.stream(System.getProperty("coldstart.jvms", "no-cds,default,lambda,appcds,aot")
                .split(",")).map(j -> JvmConfig.byId(j.trim())).toList();

        FunctionPackage function = FunctionPackage.unpack(zip, dir.resolve("function"));
        Path moduleFile = function.extractModule();
        Path logs = dir.resolve("logs");
        String eventFile = System.getProperty("coldstart.event", "");
        String expected = System.getProperty("coldstart.expectedResult", "");
        byte[] event = eventFile.isBlank() ? StepInvocations.forExampleHandler("echo", "cold start")
                : Files.readAllBytes(Path.of(eventFile));
        JsonNode expectedResult = eventFile.isBlank() ? JSON.readTree("{\"echo\":\"cold start\"}")
                : expected.isBlank() ? null : JSON.readTree(expected);

        try (var emulator = new LambdaEmulator(); LambdaClient lambda = LambdaClients.forEmulator(emulator.endpoint())) {
            var variants = new ArrayList<Variant>();
            variants.add(baseline(dir, logs, event));
            for (ModuleMode mode : modes) {
                for (JvmConfig jvm : jvms) {
                    String name = "cs-" + mode.executionMode.replace('_', '-') + "-" + jvm.id;
                    Path archive = dir.resolve(name + (jvm == JvmConfig.AOT ? ".aot" : ".jsa"));
                    if (jvm.needsTraining()) {
                        train(emulator, lambda, function.spec(name + "-training", mode.environment(moduleFile),
                                Duration.ofSeconds(60), jvm.trainingOptions(archive), logs), archive, event, tasker(mode, expectedResult));
                    }
                    variants.add(new Variant(mode.executionMode, jvm.description, function.spec(name,
                            mode.environment(moduleFile), Duration.ofSeconds(60), jvm.options(archive), logs), tasker(mode, expectedResult)));
                }
            }
            for (int run = 1; run <= runs; run++) {
                for (Variant variant : variants) {
                    measure(emulator, lambda, variant, event);
                }
                System.out.printf("run %d/%d done%n", run, runs);
            }
            String table = table(variants, runs);
            System.out.println(table);
            Files.writeString(dir.resolve("results.md"), table);
        }
    }

    /**
     * Reference row: a plain echo {@code RequestStreamHandler} (no Tasker code) under the same Runtime
     * Interface Client and Lambda flags, i.e. the JVM + RIC floor every Java function pays.
     */
    private static Variant baseline(Path dir, Path logs, byte[] event) throws URISyntaxException {
        String testClasses = Path.of(EchoFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        var options = new ArrayList<String>(List.of("--enable-native-access=ALL-UNNAMED"));
        options.addAll(JvmConfig.LAMBDA.options(null));
        var spec = new FunctionSpec("cs-baseline-echo", Classpaths.currentJava(), options,
                Classpaths.join(testClasses, Classpaths.runtimeInterfaceClient()), EchoFunction.class.getName() + "::handleRequest",
                Map.of(), Duration.ofSeconds(60), dir, logs.resolve("cs-baseline-echo.log"));
        return new Variant("(reference) echo handler, no Tasker code", JvmConfig.LAMBDA.description, spec, response -> {
            if (response.functionError() != null || !Arrays.equals(response.payload().asByteArray(), event)) {
                throw new IllegalStateException("echo function did not echo: " + response.payload().asUtf8String());
            }
        });
    }

    /**
     * Checks a Tasker function's first result: a success, run in the expected mode, whose {@code result}
     * equals {@code expectedResult} (unless null).
     */
    private static ResultCheck tasker(ModuleMode mode, JsonNode expectedResult) {
        return response -> {
            JsonNode result = JSON.readTree(response.payload().asByteArray());
            if (response.functionError() != null || !result.path("success").asBoolean()
                    || (expectedResult != null && !expectedResult.equals(result.path("result")))
                    || !mode.executionMode.equals(result.path("metadata").path("execution_mode").asText())) {
                throw new IllegalStateException("unexpected result in mode " + mode.executionMode + ": "
                        + response.payload().asUtf8String());
            }
        };
    }

    /** Training run: three invocations, then SIGTERM so the JVM writes its archive at exit. */
    private static void train(LambdaEmulator emulator, LambdaClient lambda, FunctionSpec spec, Path archive, byte[] event,
                              ResultCheck check) throws IOException {
        Files.deleteIfExists(archive);
        DeployedFunction training = emulator.deploy(spec);
        for (int i = 0; i < 3; i++) {
            check.verify(invoke(lambda, spec.name(), event));
        }
        training.close();
        if (!Files.isRegularFile(archive)) {
            throw new IOException("training run did not write " + archive + " (see " + spec.logFile() + ")");
        }
    }

    private static void measure(LambdaEmulator emulator, LambdaClient lambda, Variant variant, byte[] event)
            throws IOException {
        DeployedFunction deployed = emulator.deploy(variant.spec());
        InvokeResponse response = invoke(lambda, variant.spec().name(), event);
        long end = System.nanoTime();
        try {
            variant.check().verify(response);
        } catch (IllegalStateException e) {
            deployed.close();
            variant.failures().add(e.getMessage());
            System.out.println(variant.spec().name() + ": " + e.getMessage());
            return;
        }
        EnvironmentStart cold = deployed.coldStarts().getFirst();
        variant.cpu().add(deployed.runtimeCpuTime().toNanos() / 1e6);
        deployed.close();
        variant.init().add(cold.initMillis());
        variant.firstResult().add(cold.firstResultMillis());
        variant.coldInvoke().add((end - cold.processStartNanos()) / 1e6);
    }

    private static InvokeResponse invoke(LambdaClient lambda, String name, byte[] event) {
        return lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromByteArray(event)));
    }

    static String table(List<Variant> variants, int runs) {
        var out = new StringBuilder();
        out.append(String.format("Cold start, %d runs per variant, %s %s, %d CPUs, load average %.1f at the end (ms)%n%n",
                runs, System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.append("| module execution | JVM options | init p50 | init p95 | first result p50 | first result p95 "
                + "| first result min | cold invoke p50 | cold invoke p95 | CPU p50 | failed |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Variant v : variants) {
            out.append(String.format("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d |%n", v.module(),
                    v.jvm(), percentile(v.init(), 50), percentile(v.init(), 95),
                    percentile(v.firstResult(), 50), percentile(v.firstResult(), 95), percentile(v.firstResult(), 0),
                    percentile(v.coldInvoke(), 50), percentile(v.coldInvoke(), 95), percentile(v.cpu(), 50),
                    v.failures().size()));
        }
        return out.toString();
    }

    /** Nearest-rank percentile: the smallest sample with at least p% of samples at or below it (p = 0: the minimum). */
    static double percentile(List<Double> samples, int p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
