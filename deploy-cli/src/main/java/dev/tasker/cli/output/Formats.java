package dev.tasker.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** Human-readable renderings of sizes, durations, timestamps and digests shared by all commands. */
public final class Formats {

    private Formats() {
    }

    /** @return e.g. {@code 512 B}, {@code 12.3 KiB}, {@code 4.0 MiB} */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** @return e.g. {@code 840 ms}, {@code 1.25 s}, {@code 2m 05s} */
    public static String millis(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm %02ds", ms / 60_000, (ms / 1000) % 60);
    }

    /**
     * Shortens an ISO-8601 timestamp from the API to seconds and a space instead of {@code T}
     * ({@code 2026-11-21T15:54:03.123456Z} → {@code 2026-11-21 15:54:03Z}); other text is returned as is.
     *
     * @param node a text node, or null/missing/JSON null (→ null, which tables print as {@code -})
     */
    public static String timestamp(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.asText();
        if (text.length() >= 19 && text.charAt(10) == 'T') {
            String zone = text.endsWith("Z") ? "Z" : "";
            return text.substring(0, 10) + " " + text.substring(11, 19) + zone;
        }
        return text;
    }

    /** @return {@code sha256:} plus the first 12 hex digits, for tables ({@code null} stays null) */
    public static String shortDigest(String digest) {
        if (digest == null) {
            return null;
        }
        return digest.length() > "sha256:".length() + 12 ? digest.substring(0, "sha256:".length() + 12) : digest;
    }

    /** @return the node's text, or null when it is missing or JSON null */
    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    /**
     * @return {@code text} when it has at most {@code width} characters, else its start and {@code ...}, {@code width}
     *         characters in all (ASCII, so it reads the same on any terminal encoding)
     */
    public static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }

    /**
     * @param limits a handler version's limits as the orchestrator sends them ({@code {memory_mb, timeout_ms}}, a
     *               null member meaning the orchestrator's default)
     * @return e.g. {@code memory 64 MiB, timeout 500 ms} or {@code memory orchestrator default, timeout 10.00 s}
     */
    public static String handlerLimits(JsonNode limits) {
        return "memory " + memoryLimit(limits) + ", timeout " + timeoutLimit(limits);
    }

    /** @return the {@code memory_mb} of version limits as {@code 64 MiB}, or {@code orchestrator default} */
    public static String memoryLimit(JsonNode limits) {
        JsonNode mib = limits.path("memory_mb");
        return mib.isNumber() ? mib.asLong() + " MiB" : "orchestrator default";
    }

    /** @return the {@code timeout_ms} of version limits as {@link #millis}, or {@code orchestrator default} */
    public static String timeoutLimit(JsonNode limits) {
        JsonNode ms = limits.path("timeout_ms");
        return ms.isNumber() ? millis(ms.asLong()) : "orchestrator default";
    }
}
