package dev.tasker.runtime.module;

/**
 * Thrown when bytes cannot be accepted as a Tasker handler module. {@link #reason()} classifies the
 * rejection; {@link #getMessage()} says precisely what is wrong (e.g. which import, which export,
 * how many pages).
 */
public class ModuleValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a module was rejected. */
    public enum Reason {
        /** The bytes do not start with the WebAssembly magic {@code \0asm}. */
        NOT_WEBASSEMBLY,
        /** The binary version is not 1 (e.g. a WebAssembly component). */
        UNSUPPORTED_VERSION,
        /** The module fails to decode or does not validate. */
        MALFORMED,
        /** {@code _start} (function) or {@code memory} (memory) is not exported, or has the wrong kind. */
        MISSING_EXPORT,
        /** The module imports something outside the allowed {@code wasi_snapshot_preview1} functions. */
        FORBIDDEN_IMPORT,
        /** The module declares more linear memory (initial or maximum pages) than the cap. */
        MEMORY_TOO_LARGE,
        /** The module is larger than the configured maximum size in bytes. */
        MODULE_TOO_LARGE
    }

    private final Reason reason;

    /**
     * @param reason the classification
     * @param message what is wrong, precisely
     */
    public ModuleValidationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * @param reason the classification
     * @param message what is wrong, precisely
     * @param cause the decoder's exception
     */
    public ModuleValidationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return why the module was rejected */
    public Reason reason() {
        return reason;
    }
}
