package dev.tasker.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.regex.Pattern;

/** The handler name rule shared by the platform: {@code ^[a-z][a-z0-9_-]{0,62}$} (BRIEF, shared decisions). */
final class HandlerNames {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    private HandlerNames() {
    }

    /**
     * @throws CommandLine.ParameterException (exit code 2) naming the rule when {@code name} breaks it
     */
    static void check(CommandSpec spec, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "handler name '" + name
                    + "' is invalid: use 1-63 characters, a lower-case letter first, then lower-case letters, digits, '_' or '-'");
        }
    }
}
