package dev.tasker.orchestrator.testing;

import com.dylibso.chicory.wabt.Wat2Wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** WASM modules for tests, compiled from the WAT sources in {@code src/test/resources/wat} with Chicory's wabt. */
public final class TestModules {

    private static volatile byte[] testHandler;

    private TestModules() {
    }

    /** @return the module of {@code wat/test_handler.wat} (behaviour chosen by step config; see the WAT header) */
    public static byte[] testHandler() {
        if (testHandler == null) {
            testHandler = compile("test_handler.wat");
        }
        return testHandler.clone();
    }

    /** @return the module compiled from {@code wat/<file>} */
    public static byte[] compile(String file) {
        try (InputStream in = TestModules.class.getResourceAsStream("/wat/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no WAT fixture wat/" + file);
            }
            return Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
