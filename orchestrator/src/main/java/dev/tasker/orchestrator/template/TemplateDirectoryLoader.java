package dev.tasker.orchestrator.template;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads every task template file ({@code *.yaml}, {@code *.yml}, any depth) under a directory.
 *
 * <p>Files are read in path order. A bad file does not hide the others: the result holds every valid
 * template and every problem of every file (an unreadable or non-UTF-8 file is one problem at line 1;
 * two files defining the same {@code namespace/name@version} is a problem at the later file's
 * {@code name}). The caller decides whether problems are fatal, e.g. with
 * {@link Result#templatesOrThrow()}.
 */
public final class TemplateDirectoryLoader {

    /**
     * @param templates the valid templates, in file path order
     * @param problems  the problems of all files, in file path, line and column order
     */
    public record Result(List<TaskTemplate> templates, List<TemplateProblem> problems) {

        public Result {
            templates = List.copyOf(templates);
            problems = List.copyOf(problems);
        }

        /** @return whether any file had a problem. */
        public boolean hasProblems() {
            return !problems.isEmpty();
        }

        /**
         * @return the templates, when no file had a problem
         * @throws TemplateValidationException holding every problem, when any file had one
         */
        public List<TaskTemplate> templatesOrThrow() throws TemplateValidationException {
            if (hasProblems()) {
                throw new TemplateValidationException(problems);
            }
            return templates;
        }
    }

    private final TemplateParser parser;

    /** @param parser the parser applied to each file */
    public TemplateDirectoryLoader(TemplateParser parser) {
        this.parser = parser;
    }

    /**
     * @param directory the directory to search, recursively
     * @return the templates and problems found
     * @throws IOException when {@code directory} is not a readable directory (individual file errors are
     *                     problems in the result instead)
     */
    public Result load(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).filter(TemplateDirectoryLoader::isYaml).sorted().toList();
        }
        List<TaskTemplate> templates = new ArrayList<>();
        List<TemplateProblem> problems = new ArrayList<>();
        Map<String, String> definedIn = new HashMap<>();
        for (Path file : files) {
            String source = file.toString();
            String yaml;
            try {
                yaml = Files.readString(file);
            } catch (CharacterCodingException e) {
                problems.add(new TemplateProblem(source, 1, 1, "", "the file is not UTF-8 text"));
                continue;
            } catch (IOException e) {
                problems.add(new TemplateProblem(source, 1, 1, "", "cannot read the file: " + e));
                continue;
            }
            try {
                TaskTemplate template = parser.parse(yaml, source);
                String first = definedIn.putIfAbsent(template.key(), source);
                if (first == null) {
                    templates.add(template);
                } else {
                    YamlDocument.Position at = YamlDocument.read(yaml, source).positionOf("name");
                    problems.add(new TemplateProblem(source, at.line(), at.column(), "name",
                            "template " + template.key() + " is already defined in " + first));
                }
            } catch (TemplateValidationException e) {
                problems.addAll(e.problems());
            }
        }
        return new Result(templates, problems);
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
