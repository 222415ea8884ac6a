package dev.tasker.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.examples.ExampleFiles.ManifestEntry;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.module.ModuleDigest;
import dev.tasker.runtime.module.ModuleValidator;
import dev.tasker.runtime.module.ValidatedModule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The committed modules ({@code wasm/}) against their manifest, the templates that name them, the
 * runtime's module validation and this build's fresh modules built from source.
 */
class CommittedModulesTest {

    private static final Set<String> LANGUAGES = Set.of("rust", "c", "assemblyscript");

    @Test
    void everyManifestEntryIsAValidHandlerModuleInAKnownLanguage() throws Exception {
        List<ManifestEntry> manifest = ExampleFiles.manifest();
        assertThat(manifest).isNotEmpty();
        ModuleValidator validator = new ModuleValidator(RuntimeLimits.defaults());
        for (ManifestEntry entry : manifest) {
            assertThat(entry.handler()).matches("^[a-z][a-z0-9_-]{0,62}$");
            assertThat(entry.file()).isEqualTo(entry.handler() + ".wasm");
            assertThat(entry.language()).isIn(LANGUAGES);
            Path module = ExampleFiles.committed(entry);
            assertThat(module).as("committed module of " + entry.handler()).isRegularFile();
            ValidatedModule validated = validator.validate(Files.readAllBytes(module));
            assertThat(validated.digest()).isEqualTo(ModuleDigest.of(Files.readAllBytes(module)));
        }
        assertThat(manifest.stream().map(ManifestEntry::handler).distinct()).hasSize(manifest.size());
    }

    @Test
    void templatesNameOnlyManifestHandlersAndEveryHandlerIsUsed() {
        Set<String> manifestHandlers = ExampleFiles.manifest().stream().map(ManifestEntry::handler)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> used = new TreeSet<>();
        ExampleFiles.templates().forEach((file, template) -> {
            for (JsonNode step : template.path("steps")) {
                String handler = step.path("handler").path("callable").asText().split("@")[0];
                assertThat(manifestHandlers).as(file + " step " + step.path("name").asText()).contains(handler);
                used.add(handler);
            }
        });
        assertThat(used).isEqualTo(manifestHandlers);
        assertThat(ExampleFiles.templates().keySet()).containsExactlyInAnyOrder(
                "order_fulfillment.yaml", "linear_math.yaml", "diamond_math.yaml", "dataset_statistics.yaml");
    }

    @Test
    void committedModulesAreByteIdenticalToThisBuildsSourceBuild() throws Exception {
        List<String> differing = new ArrayList<>();
        List<String> notBuilt = new ArrayList<>();
        for (ManifestEntry entry : ExampleFiles.manifest()) {
            Path built = ExampleFiles.builtDir().resolve(entry.file());
            if (!Files.isRegularFile(built)) {
                notBuilt.add(entry.file() + " (" + entry.language() + ")");
            } else if (!ModuleDigest.of(Files.readAllBytes(built))
                    .equals(ModuleDigest.of(Files.readAllBytes(ExampleFiles.committed(entry))))) {
                differing.add("wasm/" + entry.file());
            }
        }
        if (!notBuilt.isEmpty()) {
            System.err.println("CommittedModulesTest: not built here (toolchain missing), committed module used: "
                    + notBuilt);
        }
        assertThat(differing)
                .as("committed modules that no longer match their source: run handlers-examples/check-reproducible.sh "
                        + "--update and commit wasm/")
                .isEmpty();
    }
}
