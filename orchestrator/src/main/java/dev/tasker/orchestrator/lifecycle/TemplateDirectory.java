package dev.tasker.orchestrator.lifecycle;

import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.registry.TemplateConflictException;
import dev.tasker.orchestrator.registry.TemplateRegistry;
import dev.tasker.orchestrator.template.TaskTemplate;
import dev.tasker.orchestrator.template.TemplateDirectoryLoader;
import dev.tasker.orchestrator.template.TemplateParser;
import dev.tasker.orchestrator.template.TemplateProblem;
import dev.tasker.orchestrator.template.TemplateWriter;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the task templates found under {@code tasker.templates.dir} at start ({@code *.yaml}/{@code *.yml},
 * any depth). With {@code tasker.templates.fail-on-invalid=true} (default) an invalid file or a conflicting
 * template fails the start with every problem listed; otherwise they are logged and skipped.
 */
@ApplicationScoped
public class TemplateDirectory {

    private static final Logger LOG = Logger.getLogger(TemplateDirectory.class);

    private final TemplateRegistry registry;
    private final TaskerConfig.Templates config;

    public TemplateDirectory(TemplateRegistry registry, TaskerConfig config) {
        this.registry = registry;
        this.config = config.templates();
    }

    /**
     * Loads the configured directory, if any.
     *
     * @return the number of templates newly registered
     * @throws IllegalStateException when {@code fail-on-invalid} is set and a file is invalid or conflicts
     */
    public int load() {
        if (config.dir().isEmpty()) {
            return 0;
        }
        Path dir = config.dir().get();
        TemplateDirectoryLoader.Result result;
        try {
            result = new TemplateDirectoryLoader(new TemplateParser()).load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("tasker.templates.dir " + dir + " is not a readable directory", e);
        }
        List<String> problems = new ArrayList<>(result.problems().stream().map(TemplateProblem::toString).toList());
        int created = 0;
        for (TaskTemplate template : result.templates()) {
            try {
                if (registry.register(template, TemplateWriter.toYaml(template)).created()) {
                    created++;
                }
            } catch (TemplateConflictException e) {
                problems.add(template.source() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            String report = "task templates in " + dir + ":\n  " + String.join("\n  ", problems);
            if (config.failOnInvalid()) {
                throw new IllegalStateException("invalid " + report);
            }
            LOG.error("Skipped invalid " + report);
        }
        LOG.infof("Task templates from %s: %d found, %d newly registered", dir, result.templates().size(), created);
        return created;
    }
}
