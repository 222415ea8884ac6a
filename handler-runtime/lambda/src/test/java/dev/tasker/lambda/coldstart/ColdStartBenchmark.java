package dev.tasker.lambda.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasker.lambda.FunctionPackage;
import dev.tasker.lambda.StepInvocations;
import dev.tasker.lambda.emulator.DeployedFunction;
import dev.tasker.lambda.emulator.EnvironmentStart;
import dev.tasker.lambda.emulator.LambdaClients;
import dev.tasker.lambda.emulator.LambdaEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * result, and stops the JVM. Runs are interleaved across variants so machine noise spreads evenly.
 * Times per run (ms), from just before the process is started:
 * <ul>
 *   <li>init: until the runtime first calls {@code /runtime/invocation/next} (handler constructed:
 *       runtime created, module validated and loaded/compiled)</li>
 *   <li>first result: until the runtime posts the step result</li>
 *   <li>cold invoke: until the SDK call returns (what a caller of a cold function waits)</li>
 * </ul>
 * AppCDS and AOT-cache variants first make a training run (three invocations, then SIGTERM) with
 * {@code -XX:ArchiveClassesAtExit} / {@code -XX:AOTCacheOutput} (JDK 25, JEP 483/514).
 *
 * <p>System properties: {@code coldstart.runs} (default 20), {@code coldstart.modes} (comma list of
 * {@code build_time_compiled,compiled,interpreted}), {@code coldstart.jvms} (comma list of
 * {@code no-cds,default,c1,appcds-c1,aot-c1}), {@code coldstart.zip}, {@code coldstart.dir}
 * (work directory, default {@code target/coldstart}). Prints a Markdown table and writes it to
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

    /** JVM start-up options; archive-based ones need a training run writing {@code archive}. */
    enum JvmConfig {
        NO_CDS("no-cds", "-Xshare:off"),
        DEFAULT("default", "(JDK defaults: CDS of JDK classes)"),
        C1("c1", "-XX:TieredStopAtLevel=1"),
        APPCDS_C1("appcds-c1", "AppCDS archive + -XX:TieredStopAtLevel=1"),
        AOT_C1("aot-c1", "AOT cache (JDK 25) + -XX:TieredStopAtLevel=1");

        final String id;
        final String description;

        JvmConfig(String id, String description) {
            this.id = id;
            this.description = description;
        }

        boolean needsTraining() {
            return this == APPCDS_C1 || this == AOT_C1;
        }

        List<String> trainingOptions(Path archive) {
            return switch (this) {
                case APPCDS_C1 -> List.of("-XX:ArchiveClassesAtExit=" + archive, "-XX:TieredStopAtLevel=1");
                case AOT_C1 -> List.of("-XX:AOTCacheOutput=" + archive, "-XX:TieredStopAtLevel=1");
                default -> throw new IllegalStateException(id + " has no training run");
            };
        }

        List<String> options(Path archive) {
            return switch (this) {
                case NO_CDS -> List.of("-Xshare:off");
                case DEFAULT -> List.of();
                case C1 -> List.of("-XX:TieredStopAtLevel=1");
                case APPCDS_C1 -> List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1");
                case AOT_C1 -> List.of("-XX:AOTCache=" + archive, "-XX:TieredStopAtLevel=1");
            };
        }

        static JvmConfig byId(String id) {
            return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown coldstart.jvms entry '" + id + "'"));
        }
    }

    /** One measured combination and its samples (ms). */
    record Variant(ModuleMode mode, JvmConfig jvm, List<String> options, List<Double> init, List<Double> firstResult,
                   List<Double> coldInvoke) {
        String name() {
            return "cs-" + mode.executionMode.replace('_', '-') + "-" + jvm.id;
        }
    }

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("coldstart.runs", 20);
        Path dir = Path.of(System.getProperty("coldstart.dir", "target/coldstart")).toAbsolutePath();
        Path zip = Path.of(System.getProperty("coldstart.zip", FunctionPackage.ZIP.toString()));
        List<ModuleMode> modes = Arrays.stream(System.getProperty("coldstart.modes", "build_time_compiled,compiled,interpreted")
                .split(",")).map(m -> ModuleMode.valueOf(m.trim().toUpperCase())).toList();
        List<JvmConfig> jvms = Arrays.stream(System.getProperty("coldstart.jvms", "no-cds,default,c1,appcds-c1,aot-c1")
                .split(",")).map(j -> JvmConfig.byId(j.trim())).toList();

        FunctionPackage function = FunctionPackage.unpack(zip, dir.resolve("function"));
        Path moduleFile = function.extractModule();
        Path logs = dir.resolve("logs");
        byte[] event = StepInvocations.forExampleHandler("echo", "cold start");

        try (var emulator = new LambdaEmulator(); LambdaClient lambda = LambdaClients.forEmulator(emulator.endpoint())) {
            var variants = new ArrayList<Variant>();
            for (ModuleMode mode : modes) {
                for (JvmConfig jvm : jvms) {
                    Path archive = dir.resolve(mode.executionMode + "-" + jvm.id + (jvm == JvmConfig.AOT_C1 ? ".aot" : ".jsa"));
                    if (jvm.needsTraining()) {
                        train(emulator, lambda, function, mode, jvm, moduleFile, archive, logs, event);
                    }
                    variants.add(new Variant(mode, jvm, jvm.options(archive), new ArrayList<>(), new ArrayList<>(),
                            new ArrayList<>()));
                }
            }
            for (int run = 1; run <= runs; run++) {
                for (Variant variant : variants) {
                    measure(emulator, lambda, function, variant, moduleFile, logs, event);
                }
                System.out.printf("run %d/%d done%n", run, runs);
            }
            String table = table(variants, runs);
            System.out.println(table);
            Files.writeString(dir.resolve("results.md"), table);
        }
    }

    private static void train(LambdaEmulator emulator, LambdaClient lambda, FunctionPackage function, ModuleMode mode,
                              JvmConfig jvm, Path moduleFile, Path archive, Path logs, byte[] event) throws IOException {
        Files.deleteIfExists(archive);
        DeployedFunction training = emulator.deploy(function.spec("cs-training", mode.environment(moduleFile),
                Duration.ofSeconds(60), jvm.trainingOptions(archive), logs));
        for (int i = 0; i < 3; i++) {
            check(invoke(lambda, "cs-training", event), mode);
        }
        training.close();
        if (!Files.isRegularFile(archive)) {
            throw new IOException("training run did not write " + archive + " (see " + logs.resolve("cs-training.log") + ")");
        }
    }

    private static void measure(LambdaEmulator emulator, LambdaClient lambda, FunctionPackage function, Variant variant,
                                Path moduleFile, Path logs, byte[] event) throws IOException {
        DeployedFunction deployed = emulator.deploy(function.spec(variant.name(), variant.mode.environment(moduleFile),
                Duration.ofSeconds(60), variant.options(), logs));
        InvokeResponse response = invoke(lambda, variant.name(), event);
        long end = System.nanoTime();
        check(response, variant.mode);
        EnvironmentStart cold = deployed.coldStarts().getFirst();
        deployed.close();
        variant.init().add(cold.initMillis());
        variant.firstResult().add(cold.firstResultMillis());
        variant.coldInvoke().add((end - cold.processStartNanos()) / 1e6);
    }

    private static InvokeResponse invoke(LambdaClient lambda, String name, byte[] event) {
        return lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromByteArray(event)));
    }

    private static void check(InvokeResponse response, ModuleMode mode) throws IOException {
        JsonNode result = JSON.readTree(response.payload().asByteArray());
        if (response.functionError() != null || !result.path("success").asBoolean()
                || !"cold start".equals(result.path("result").path("echo").asText())
                || !mode.executionMode.equals(result.path("metadata").path("execution_mode").asText())) {
            throw new IllegalStateException("unexpected result in mode " + mode.executionMode + ": "
                    + response.payload().asUtf8String());
        }
    }

    static String table(List<Variant> variants, int runs) {
        var out = new StringBuilder();
        out.append(String.format("Cold start, %d runs per variant, %s %s, %d CPUs (ms; p50 / p95)%n%n",
                runs, System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors()));
        out.append("| module execution | JVM options | init p50 | init p95 | first result p50 | first result p95 | cold invoke p50 | cold invoke p95 |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Variant v : variants) {
            out.append(String.format("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", v.mode().executionMode,
                    v.jvm().description, percentile(v.init(), 50), percentile(v.init(), 95),
                    percentile(v.firstResult(), 50), percentile(v.firstResult(), 95),
                    percentile(v.coldInvoke(), 50), percentile(v.coldInvoke(), 95)));
        }
        return out.toString();
    }

    /** Nearest-rank percentile: the smallest sample with at least p% of samples at or below it. */
    static double percentile(List<Double> samples, int p) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
