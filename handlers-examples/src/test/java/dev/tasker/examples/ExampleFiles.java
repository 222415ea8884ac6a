package dev.tasker.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of the {@code handlers-examples} directory as the tests see them: committed modules and
 * their manifest ({@code wasm/handlers.txt}), fresh builds ({@code target/wasm}, from {@code build.sh}),
 * task templates, example contexts and WAT fixtures.
 *
 * <p>Directories come from the system properties {@code tasker.examples.dir} and
 * {@code tasker.examples.built} set by the module's Surefire configuration (defaults: the working
 * directory and its {@code target/wasm}).
 */
final class ExampleFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** One manifest line: {@code <handler name> <module file> <language>}. */
    record ManifestEntry(String handler, String file, String language) {}

    private ExampleFiles() {}

    /** @return the {@code handlers-examples} directory */
    static Path dir() {
        return Path.of(System.getProperty("tasker.examples.dir", ".")).toAbsolutePath().normalize();
    }

    /** @return where {@code build.sh} put the modules it built from source in this build */
    static Path builtDir() {
        return Path.of(System.getProperty("tasker.examples.built", dir().resolve("target/wasm").toString()));
    }

    /** @return the committed module of {@code entry} ({@code wasm/<file>}) */
    static Path committed(ManifestEntry entry) {
        return dir().resolve("wasm").resolve(entry.file());
    }

    /** @return the manifest entries in file order */
    static List<ManifestEntry> manifest() {
        return readLines(dir().resolve("wasm/handlers.txt")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .map(fields -> {
                    if (fields.length != 3) {
                        throw new IllegalStateException("wasm/handlers.txt: expected '<handler> <file> <language>', got "
                                + String.join(" ", fields));
                    }
                    return new ManifestEntry(fields[0], fields[1], fields[2]);
                })
                .toList();
    }

    /**
     * The module bytes of {@code handler}: the fresh build from this Maven run when {@code build.sh}
     * produced it, otherwise the committed module (when that language's toolchain is not installed;
     * {@code CommittedModulesTest} checks the two agree whenever both exist).
     *
     * @throws IllegalArgumentException when the manifest does not list {@code handler}
     */
    static byte[] module(String handler) {
        ManifestEntry entry = manifest().stream().filter(e -> e.handler().equals(handler)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("wasm/handlers.txt does not list handler " + handler));
        Path built = builtDir().resolve(entry.file());
        return read(Files.isRegularFile(built) ? built : committed(entry));
    }

    /** @return the example context {@code contexts/<name>} as JSON */
    static JsonNode context(String name) {
        try {
            return JSON.readTree(dir().resolve("contexts").resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the task template {@code templates/<name>} as a JSON tree */
    static JsonNode template(String name) {
        try {
            return YAML.readTree(dir().resolve("templates").resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return every task template file name mapped to its JSON tree */
    static Map<String, JsonNode> templates() {
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        try (var files = Files.list(dir().resolve("templates"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .forEach(n -> templates.put(n, template(n)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return templates;
    }

    /** @return the path of the WAT fixture {@code wat/<name>} */
    static Path wat(String name) {
        return dir().resolve("wat").resolve(name);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
