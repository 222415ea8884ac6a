package dev.tasker.runtime;

/** How a handler's code runs; reported as {@code metadata.execution_mode} on every result. */
public enum ExecutionMode {
    /** Compiled to JVM bytecode at load time by Chicory's runtime compiler (or loaded from the compile cache). */
    COMPILED("compiled"),
    /** Compiled to JVM bytecode at build time (chicory-compiler-maven-plugin) and shipped as classes. */
    BUILD_TIME_COMPILED("build_time_compiled"),
    /** Run by Chicory's interpreter (compilation disabled or failed). */
    INTERPRETED("interpreted");

    private final String wireName;

    ExecutionMode(String wireName) {
        this.wireName = wireName;
    }

    /** @return the value used in {@code metadata.execution_mode}, e.g. {@code "compiled"} */
    public String wireName() {
        return wireName;
    }
}
