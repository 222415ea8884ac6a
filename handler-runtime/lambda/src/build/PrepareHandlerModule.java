import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Build step of {@code tasker-lambda-function} (run with the JDK source launcher by the module's
 * pom, before the Chicory build-time compiler): puts the handler module the function is packaged
 * with at a fixed path.
 *
 * <p>Usage: {@code java -cp <wabt class path> PrepareHandlerModule.java <module> <output.wasm>}
 * where {@code <module>} is a binary module ({@code .wasm}, copied after checking its magic
 * number and version, WebAssembly core spec §5.5.16) or a text module ({@code .wat}, translated
 * with Chicory's wabt). Exits with status 2 and a message naming the file when the module is
 * missing or is not WebAssembly.
 */
public final class PrepareHandlerModule {
    private static final byte[] WASM_HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    private PrepareHandlerModule() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            fail("usage: PrepareHandlerModule <module.wasm|module.wat> <output.wasm>");
        }
        Path source = Path.of(args[0]).toAbsolutePath();
        Path target = Path.of(args[1]).toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            fail(source + ": handler module not found (set -Dtasker.handler.module=<path to .wasm or .wat>)");
        }
        byte[] bytes = source.toString().endsWith(".wat") ? translate(source) : Files.readAllBytes(source);
        if (bytes.length < WASM_HEADER.length
                || !Arrays.equals(Arrays.copyOf(bytes, WASM_HEADER.length), WASM_HEADER)) {
            fail(source + ": not a WebAssembly 1.0 binary module (expected the bytes 00 61 73 6d 01 00 00 00 first)");
        }
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
        System.out.println("[tasker] handler module " + source + " -> " + target + " (" + bytes.length + " bytes)");
    }

    private static byte[] translate(Path wat) {
        try {
            return Wat2Wasm.parse(wat.toFile());
        } catch (RuntimeException e) {
            fail(wat + ": not a valid WAT module: " + e.getMessage());
            throw e;
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
