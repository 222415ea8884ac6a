import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step of the {@code -Pbench} profile: compiles a WAT module to WebAssembly with Chicory's wabt
 * so chicory-compiler-maven-plugin can generate build-time compiled classes for it.
 * Usage: {@code java -cp <wabt class path> WatToWasm.java <in.wat> <out.wasm>}.
 */
public class WatToWasm {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        Files.createDirectories(out.getParent());
        Files.write(out, Wat2Wasm.parse(Files.readString(Path.of(args[0]))));
    }
}
