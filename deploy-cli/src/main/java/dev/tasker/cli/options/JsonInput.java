package dev.tasker.cli.options;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.CliException;
import dev.tasker.cli.ExitCode;
import dev.tasker.cli.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a JSON document given as an option value, one convention for every option that takes JSON
 * ({@code --context}, {@code --input}):
 * <ul>
 *   <li>{@code -} or {@code @-}: read standard input;</li>
 *   <li>{@code @path}: read the file;</li>
 *   <li>text starting with {@code {} or {@code [}: the JSON itself;</li>
 *   <li>anything else: a file path.</li>
 * </ul>
 */
public final class JsonInput {

    private JsonInput() {
    }

    /**
     * @param value  the option value
     * @param option the option name, for error messages (e.g. {@code --context})
     * @return the parsed document
     * @throws CliException {@link ExitCode#INVALID_INPUT} when the file cannot be read or the text is not JSON
     *                      (the message names the option or file, and line and column)
     */
    public static JsonNode read(String value, String option) {
        if (value.equals("-") || value.equals("@-")) {
            try {
                return Json.parse(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), option + " (standard input)");
            } catch (IOException e) {
                throw new CliException(ExitCode.INVALID_INPUT, "cannot read standard input for " + option + ": " + e.getMessage(), e);
            }
        }
        String trimmed = value.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return Json.parse(value, option);
        }
        Path file = Path.of(value.startsWith("@") ? value.substring(1) : value);
        return Json.parse(readFile(file, option), file.toString());
    }

    /**
     * Reads a whole text file (UTF-8).
     *
     * @param file   the file
     * @param option what the file is for, for error messages
     * @throws CliException {@link ExitCode#INVALID_INPUT} naming the file when it is missing or unreadable
     */
    public static String readFile(Path file, String option) {
        return new String(readBytes(file, option), StandardCharsets.UTF_8);
    }

    /**
     * Reads a whole file.
     *
     * @param file   the file
     * @param option what the file is for, for error messages
     * @throws CliException {@link ExitCode#INVALID_INPUT} naming the file when it is missing or unreadable
     */
    public static byte[] readBytes(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.INVALID_INPUT, option + ": file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new CliException(ExitCode.INVALID_INPUT, option + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
