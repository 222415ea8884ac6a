package dev.tasker.runtime.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.tasker.runtime.Fixtures;
import dev.tasker.runtime.HandlerRuntime;
import dev.tasker.runtime.LoadedHandler;
import dev.tasker.runtime.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of preparing a module, once per module (single shot): Chicory's runtime compiler alone, a
 * full {@code load} on a fresh runtime without a cache (validate + compile), and {@code load} of a
 * fresh runtime from a populated on-disk compile cache (what a restart pays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
public class CompileBenchmark {

    @Param({"echo", "aggregate"})
    public String module;

    private byte[] wasm;
    private WasmModule parsed;
    private Path cacheDir;

    @Setup
    public void setUp() throws Exception {
        wasm = Fixtures.wasm(module);
        cacheDir = Files.createTempDirectory("tasker-bench-cache");
        try (HandlerRuntime populate = new HandlerRuntime(RuntimeConfig.defaults().withCompileCacheDir(cacheDir))) {
            populate.load(wasm);
        }
    }

    @Setup(Level.Invocation)
    public void parse() {
        parsed = Parser.parse(wasm);
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(cacheDir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public Function<Instance, Machine> chicoryCompile() {
        return MachineFactoryCompiler.compile(parsed);
    }

    @Benchmark
    public LoadedHandler loadWithoutCache() throws Exception {
        try (HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults())) {
            return runtime.load(wasm);
        }
    }

    @Benchmark
    public LoadedHandler loadFromDiskCache() throws Exception {
        try (HandlerRuntime runtime = new HandlerRuntime(RuntimeConfig.defaults().withCompileCacheDir(cacheDir))) {
            LoadedHandler handler = runtime.load(wasm);
            if (handler.codeSource() != LoadedHandler.CodeSource.DISK_CACHE) {
                throw new IllegalStateException("expected a disk cache hit, got " + handler.codeSource());
            }
            return handler;
        }
    }
}
