package dev.tasker.lambda;

import dev.tasker.lambda.emulator.Classpaths;
import dev.tasker.lambda.emulator.FunctionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The deployable function zip ({@code target/tasker-lambda-function.zip}) unpacked into a directory,
 * as Lambda does into {@code /var/task}, ready to run in the emulator.
 *
 * @param directory the task root: {@code lib/*.jar}
 */
public record FunctionPackage(Path directory) {

    /** The zip the module's build produces. */
    public static final Path ZIP = Path.of("target", "tasker-lambda-function.zip");
    /** The handler string of the Tasker step handler function. */
    public static final String HANDLER = "dev.tasker.lambda.StepHandlerFunction::handleRequest";
    /** The packaged module inside the function jar. */
    private static final String MODULE_RESOURCE = "tasker/handler.wasm";

    /**
     * Unpacks a function zip into an emptied directory.
     *
     * @throws IOException when the zip is missing or unreadable (run {@code mvn package} first)
     */
    public static FunctionPackage unpack(Path zip, Path directory) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IOException(zip.toAbsolutePath() + " not found: build it with ./mvnw -pl handler-runtime/lambda -am package");
        }
        delete(directory);
        Path root = directory.toAbsolutePath().normalize();
        try (var zipFile = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(zipFile.entries())) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException(zip + ": entry " + entry.getName() + " escapes the target directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zipFile.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return new FunctionPackage(root);
    }

    /** The jars under {@code lib/}, sorted by name (a stable class path, as AppCDS requires). */
    public List<Path> jars() {
        try (Stream<Path> files = Files.list(directory.resolve("lib"))) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Extracts the packaged module ({@code tasker/handler.wasm} of the function jar) to
     * {@code <directory>/handler.wasm}, e.g. to host it with {@code TASKER_HANDLER_MODULE} (runtime compiled).
     */
    public Path extractModule() throws IOException {
        Path functionJar = jars().stream()
                .filter(p -> p.getFileName().toString().startsWith("tasker-lambda-function-"))
                .findFirst()
                .orElseThrow(() -> new IOException(directory + "/lib has no tasker-lambda-function jar"));
        Path target = directory.resolve("handler.wasm");
        try (var jar = new ZipFile(functionJar.toFile())) {
            ZipEntry entry = jar.getEntry(MODULE_RESOURCE);
            if (entry == null) {
                throw new IOException(functionJar + " has no " + MODULE_RESOURCE);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    /**
     * The emulator configuration running this package with the Runtime Interface Client.
     *
     * @param name        function name
     * @param environment the function's environment variables ({@code TASKER_*})
     * @param timeout     the Lambda function timeout
     * @param jvmOptions  JVM options (e.g. AppCDS flags)
     * @param logDir      directory of the function's log file ({@code <name>.log})
     */
    public FunctionSpec spec(String name, Map<String, String> environment, Duration timeout, List<String> jvmOptions,
                             Path logDir) {
        var classpath = new ArrayList<String>();
        jars().forEach(jar -> classpath.add(jar.toString()));
        classpath.add(Classpaths.runtimeInterfaceClient());
        var options = new ArrayList<String>();
        options.add("--enable-native-access=ALL-UNNAMED");
        options.addAll(jvmOptions);
        return new FunctionSpec(name, Classpaths.currentJava(), options, Classpaths.join(classpath.toArray(String[]::new)),
                HANDLER, environment, timeout, directory, logDir.resolve(name + ".log"));
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
