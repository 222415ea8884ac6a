package dev.tasker.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tasker.runtime.Fixtures;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.module.ModuleValidationException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModuleValidatorTest {

    private final ModuleValidator validator = new ModuleValidator(RuntimeLimits.defaults());

    @Test
    void acceptsAWasiCommandAndReportsDigestAndDeclaredMemory() throws Exception {
        byte[] bytes = Fixtures.wasm("echo");

        ValidatedModule module = validator.validate(bytes);

        assertThat(module.digest()).isEqualTo(ModuleDigest.of(bytes)).matches(ModuleDigest.PATTERN);
        assertThat(module.bytes()).isSameAs(bytes);
        assertThat(module.declaredInitialPages()).isEqualTo(2);
        assertThat(module.declaredMaxPages()).isNull();
        assertThat(module.module().exportSection().exportCount()).isEqualTo(2);
    }

    @Test
    void reportsADeclaredMaximumWithinTheCap() throws Exception {
        ValidatedModule module = new ModuleValidator(RuntimeLimits.defaults().withMaxMemoryPages(1000))
                .validate(Fixtures.wasm("memory_max_too_large"));

        assertThat(module.declaredInitialPages()).isEqualTo(1);
        assertThat(module.declaredMaxPages()).isEqualTo(1000);
    }

    @Test
    void rejectsAModuleLargerThanTheLimit() {
        byte[] bytes = Fixtures.wasm("echo");
        ModuleValidator small = new ModuleValidator(RuntimeLimits.defaults().withMaxModuleBytes(100));

        ModuleValidationException e = reject(small, bytes, Reason.MODULE_TOO_LARGE);

        assertThat(e).hasMessage("module is " + bytes.length + " bytes; the limit is 100 bytes");
    }

    @Test
    void rejectsBytesWithoutTheMagic() {
        assertThat(reject("hello world, not wasm".getBytes(StandardCharsets.UTF_8), Reason.NOT_WEBASSEMBLY))
                .hasMessage("not a WebAssembly module: the first 4 bytes are 68 65 6c 6c, expected 00 61 73 6d (\"\\0asm\")");
        assertThat(reject(new byte[0], Reason.NOT_WEBASSEMBLY)).hasMessageContaining("(empty)");
        assertThat(reject(new byte[] {0, 0x61, 0x73, 0x6d}, Reason.NOT_WEBASSEMBLY))
                .hasMessageContaining("followed by a 4-byte version (4 bytes in total)");
        assertThat(reject(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, Reason.NOT_WEBASSEMBLY))
                .hasMessageContaining("7f 45 4c 46");
    }

    @Test
    void rejectsOtherBinaryVersionsAndComponents() {
        assertThat(reject(new byte[] {0, 0x61, 0x73, 0x6d, 2, 0, 0, 0}, Reason.UNSUPPORTED_VERSION))
                .hasMessage("WebAssembly binary version 2 is not supported; expected version 1");
        assertThat(reject(new byte[] {0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0}, Reason.UNSUPPORTED_VERSION))
                .hasMessageContaining("WebAssembly component");
    }

    @Test
    void rejectsATruncatedModule() {
        byte[] bytes = Fixtures.wasm("echo");

        ModuleValidationException e = reject(Arrays.copyOf(bytes, bytes.length - 20), Reason.MALFORMED);

        assertThat(e.getMessage()).startsWith("module is malformed: ");
    }

    @Test
    void rejectsAModuleThatDecodesButFailsValidation() {
        byte[] bytes = Fixtures.wasm("returns_constant");
        int at = indexOf(bytes, new byte[] {0x41, 0x07, 0x0b});
        assertThat(at).as("i32.const 7; end in the code section").isPositive();
        bytes[at] = 0x01; // nop
        bytes[at + 1] = 0x01; // nop: the function now ends with an empty stack but must return an i32

        ModuleValidationException e = reject(bytes, Reason.MALFORMED);

        assertThat(e.getMessage()).startsWith("module is malformed: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "missing_start               | MISSING_EXPORT   | export '_start' (function) is missing; a handler is a WASI command exporting '_start' and 'memory'",
        "missing_memory              | MISSING_EXPORT   | export 'memory' (memory) is missing; a handler is a WASI command exporting '_start' and 'memory'",
        "start_not_function          | MISSING_EXPORT   | export '_start' is a global; a handler must export '_start' as a function",
        "start_with_params           | MISSING_EXPORT   | export '_start' has signature",
        "forbidden_import_env        | FORBIDDEN_IMPORT | import 'env.host_log' is not allowed; handlers may import only these wasi_snapshot_preview1 functions: args_get, args_sizes_get,",
        "forbidden_import_path_open  | FORBIDDEN_IMPORT | import 'wasi_snapshot_preview1.path_open' is not allowed",
        "forbidden_import_signature  | FORBIDDEN_IMPORT | import 'wasi_snapshot_preview1.fd_write' has signature",
        "forbidden_import_memory     | FORBIDDEN_IMPORT | import 'env.memory' is a memory; handlers may import only functions from wasi_snapshot_preview1"
    })
    void rejectsModulesOutsideTheCommandContract(String fixture, Reason reason, String message) {
        assertThat(reject(Fixtures.wasm(fixture), reason).getMessage()).startsWith(message);
    }

    @Test
    void acceptsEveryAllowedWasiImportUsedByTheFixtures() throws Exception {
        assertThat(WasiImports.ALLOWED_FUNCTIONS).contains("fd_read", "fd_write", "proc_exit", "clock_time_get", "random_get")
                .doesNotContain("path_open", "sock_accept", "fd_readdir");
        assertThat(validator.validate(Fixtures.wasm("exit_nonzero")).module().importSection().importCount()).isEqualTo(2);
    }

    @Test
    void rejectsDeclaredMemoryAboveTheCap() {
        assertThat(reject(Fixtures.wasm("memory_initial_too_large"), Reason.MEMORY_TOO_LARGE))
                .hasMessage("memory 0 declares 300 initial pages (19200 KiB); the cap is 256 pages (16 MiB)");
        assertThat(reject(Fixtures.wasm("memory_max_too_large"), Reason.MEMORY_TOO_LARGE))
                .hasMessage("memory 0 declares a maximum of 1000 pages (64000 KiB); the cap is 256 pages (16 MiB)");
        ModuleValidator onePage = new ModuleValidator(RuntimeLimits.defaults().withMaxMemoryPages(1));
        assertThat(reject(onePage, Fixtures.wasm("echo"), Reason.MEMORY_TOO_LARGE))
                .hasMessage("memory 0 declares 2 initial pages (128 KiB); the cap is 1 pages (64 KiB)");
    }

    private ModuleValidationException reject(byte[] bytes, Reason reason) {
        return reject(validator, bytes, reason);
    }

    private static ModuleValidationException reject(ModuleValidator validator, byte[] bytes, Reason reason) {
        ModuleValidationException e = catchThrowableOfType(ModuleValidationException.class, () -> validator.validate(bytes));
        assertThat(e).as("validation of %d bytes should fail", bytes.length).isNotNull();
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        return e;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
