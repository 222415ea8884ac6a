package dev.tasker.cli.options;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations given on the command line: a positive number with a unit {@code ms}, {@code s},
 * {@code m} or {@code h} ({@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 2m}), or ISO-8601
 * ({@code PT30S}). A bare number is refused (the unit would be a guess).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        String text = value.strip().toLowerCase();
        Matcher m = WITH_UNIT.matcher(text);
        Duration duration;
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            long unitMs = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            duration = Duration.ofMillis(Math.round(amount * unitMs));
        } else {
            try {
                duration = Duration.parse(value.strip().toUpperCase());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration: use a number with a unit, e.g. 500ms, 30s, 2m (or ISO-8601 PT30S)");
            }
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be longer than 0 ms");
        }
        return duration;
    }
}
