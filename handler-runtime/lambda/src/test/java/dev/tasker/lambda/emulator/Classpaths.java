package dev.tasker.lambda.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Class paths of the processes the emulator starts, as the module's build writes them. */
public final class Classpaths {

    /** System property (set by the pom for tests) naming the file with the Runtime Interface Client class path. */
    public static final String RIC_CLASSPATH_FILE = "tasker.ric.classpath.file";

    private Classpaths() {
    }

    /**
     * The Runtime Interface Client's class path (RIC, aws-lambda-java-core, serialization, utils-lite),
     * read from the file named by {@value #RIC_CLASSPATH_FILE}.
     *
     * @throws IllegalStateException when the property is unset or the file is unreadable
     */
    public static String runtimeInterfaceClient() {
        String file = System.getProperty(RIC_CLASSPATH_FILE);
        if (file == null) {
            throw new IllegalStateException("system property " + RIC_CLASSPATH_FILE
                    + " is not set: run through Maven (the pom writes the Runtime Interface Client class path)");
        }
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Runtime Interface Client class path from " + file, e);
        }
    }

    /** Joins class path entries with the platform's separator. */
    public static String join(String... entries) {
        return String.join(File.pathSeparator, entries);
    }

    /** The {@code java} launcher of the running JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
