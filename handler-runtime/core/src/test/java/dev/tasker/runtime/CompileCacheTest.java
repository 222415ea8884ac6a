package dev.tasker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.runtime.LoadedHandler.CodeSource;
import dev.tasker.runtime.contract.StepResult;
import dev.tasker.runtime.module.ModuleDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The on-disk compile cache: survives a restart, never serves a corrupt entry. */
class CompileCacheTest {

    @TempDir
    Path cacheDir;

    private final byte[] echo = Fixtures.wasm("echo");

    @Test
    void aNewRuntimeOnTheSameDirectoryLoadsCompiledCodeWithoutCompiling() throws Exception {
        try (HandlerRuntime first = runtime()) {
            LoadedHandler handler = first.load(echo);
            assertThat(handler.codeSource()).isEqualTo(CodeSource.COMPILED_NOW);
            assertThat(handler.mode()).isEqualTo(ExecutionMode.COMPILED);
        }
        assertThat(entry()).isRegularFile();
        assertThat(cacheFiles()).containsExactly(entry());

        try (HandlerRuntime restarted = runtime()) {
            LoadedHandler handler = restarted.load(echo);
            assertThat(handler.codeSource()).isEqualTo(CodeSource.DISK_CACHE);
            assertThat(handler.mode()).isEqualTo(ExecutionMode.COMPILED);

            ExecutionOutcome outcome = restarted.execute(handler, Fixtures.invocation(7), null);

            assertThat(((StepResult.Success) outcome.result()).result().get("n_plus_one").asLong()).isEqualTo(8);
            assertThat(outcome.mode()).isEqualTo(ExecutionMode.COMPILED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty", "truncated", "flipped_payload_byte", "bad_magic"})
    void aCorruptEntryIsAMissAndIsReplaced(String corruption) throws Exception {
        try (HandlerRuntime first = runtime()) {
            first.load(echo);
        }
        byte[] corrupted = corrupt(corruption).apply(Files.readAllBytes(entry()));
        Files.write(entry(), corrupted);

        try (HandlerRuntime second = runtime()) {
            LoadedHandler handler = second.load(echo);
            assertThat(handler.codeSource()).isEqualTo(CodeSource.COMPILED_NOW);
            assertThat(second.execute(handler, Fixtures.invocation(1), null).result().isSuccess()).isTrue();
        }
        assertThat(Files.readAllBytes(entry())).isNotEqualTo(corrupted);
        try (HandlerRuntime third = runtime()) {
            assertThat(third.load(echo).codeSource()).isEqualTo(CodeSource.DISK_CACHE);
        }
    }

    @Test
    void anIntactEntryWhoseCodeCannotBeLoadedIsEvictedAndRecompiled() throws Exception {
        DiskCompileCache disk = new DiskCompileCache(cacheDir);
        String chicoryKey = "sha-256:" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(echo));
        disk.write(chicoryKey, "not a jar of generated classes".getBytes(StandardCharsets.UTF_8));
        assertThat(disk.entryPath(chicoryKey)).isEqualTo(entry()).isRegularFile();

        try (HandlerRuntime second = runtime()) {
            LoadedHandler handler = second.load(echo);
            assertThat(handler.codeSource()).isEqualTo(CodeSource.COMPILED_NOW);
            assertThat(handler.mode()).isEqualTo(ExecutionMode.COMPILED);
            assertThat(second.execute(handler, Fixtures.invocation(1), null).result().isSuccess()).isTrue();
        }
        try (HandlerRuntime third = runtime()) {
            assertThat(third.load(echo).codeSource()).isEqualTo(CodeSource.DISK_CACHE);
        }
    }

    @Test
    void theInterpreterNeitherCompilesNorWritesTheCache() throws Exception {
        try (HandlerRuntime interpreted = new HandlerRuntime(
                RuntimeConfig.defaults().withCompileCacheDir(cacheDir).withCompile(false))) {
            LoadedHandler handler = interpreted.load(echo);
            assertThat(handler.codeSource()).isEqualTo(CodeSource.NOT_COMPILED);
            assertThat(handler.mode()).isEqualTo(ExecutionMode.INTERPRETED);
            assertThat(handler.machineFactory()).isNull();
        }
        assertThat(cacheFiles()).isEmpty();
    }

    private HandlerRuntime runtime() {
        return new HandlerRuntime(RuntimeConfig.defaults().withCompileCacheDir(cacheDir));
    }

    private Path entry() {
        return cacheDir.resolve("chicory-" + DiskCompileCache.CHICORY_VERSION)
                .resolve(ModuleDigest.hex(ModuleDigest.of(echo)) + ".ccache");
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cacheDir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static UnaryOperator<byte[]> corrupt(String kind) {
        return bytes -> switch (kind) {
            case "empty" -> new byte[0];
            case "truncated" -> Arrays.copyOf(bytes, bytes.length / 2);
            case "flipped_payload_byte" -> {
                bytes[bytes.length - 100] ^= 0x5a;
                yield bytes;
            }
            case "bad_magic" -> {
                bytes[0] = 'X';
                yield bytes;
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
