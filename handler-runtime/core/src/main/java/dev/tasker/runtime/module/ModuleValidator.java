package dev.tasker.runtime.module;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MemorySection;
import dev.tasker.runtime.RuntimeLimits;
import dev.tasker.runtime.module.ModuleValidationException.Reason;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks that bytes are a Tasker handler: a core WebAssembly module (binary format version 1,
 * WebAssembly Core Specification §5) that decodes and validates, exports {@code _start} (a function)
 * and {@code memory} (a memory), imports only allowed {@code wasi_snapshot_preview1} functions with
 * the host's signatures ({@link WasiImports}), declares no more memory than the cap and is no larger
 * than the size limit. Thread-safe.
 */
public final class ModuleValidator {

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    private static final int SUPPORTED_VERSION = 1;
    /** Version field of a WebAssembly component: version 0x0d, layer 1 (little-endian u16 pair). */
    private static final int COMPONENT_VERSION_FIELD = 0x0001_000d;

    private final RuntimeLimits limits;

    /**
     * @param limits supplies {@code maxModuleBytes} and {@code maxMemoryPages}
     */
    public ModuleValidator(RuntimeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Validates and decodes a module. Checks run in this order: size, magic, version, decoding and
     * validation, exports, imports, memory.
     *
     * @param bytes the module bytes
     * @return the decoded module with its digest and declared memory
     * @throws ModuleValidationException with the first {@link Reason} that applies and a message
     *     naming the offending part (size in bytes, version number, export name, import
     *     {@code module.field}, page counts)
     */
    public ValidatedModule validate(byte[] bytes) throws ModuleValidationException {
        Objects.requireNonNull(bytes, "bytes");
        checkSize(bytes);
        checkHeader(bytes);
        WasmModule module = decode(bytes);
        checkExports(module);
        checkImports(module);
        MemoryLimits memory = checkMemory(module);
        Integer declaredMax = memory.maximumPages() >= RuntimeLimits.WASM32_MAX_PAGES ? null : memory.maximumPages();
        return new ValidatedModule(ModuleDigest.of(bytes), bytes, module, memory.initialPages(), declaredMax);
    }

    private void checkSize(byte[] bytes) throws ModuleValidationException {
        if (bytes.length > limits.maxModuleBytes()) {
            throw new ModuleValidationException(Reason.MODULE_TOO_LARGE, "module is " + bytes.length
                    + " bytes; the limit is " + limits.maxModuleBytes() + " bytes");
        }
    }

    private static void checkHeader(byte[] bytes) throws ModuleValidationException {
        if (bytes.length < 8 || !startsWithMagic(bytes)) {
            throw new ModuleValidationException(Reason.NOT_WEBASSEMBLY, "not a WebAssembly module: the first 4 bytes are "
                    + hexPrefix(bytes) + ", expected 00 61 73 6d (\"\\0asm\")"
                    + (bytes.length < 8 ? " followed by a 4-byte version (" + bytes.length + " bytes in total)" : ""));
        }
        int version = (bytes[4] & 0xff) | (bytes[5] & 0xff) << 8 | (bytes[6] & 0xff) << 16 | (bytes[7] & 0xff) << 24;
        if (version == COMPONENT_VERSION_FIELD) {
            throw new ModuleValidationException(Reason.UNSUPPORTED_VERSION, "this is a WebAssembly component "
                    + "(version 0x0d, layer 1); Tasker runs core modules (version 1) targeting wasi_snapshot_preview1");
        }
        if (version != SUPPORTED_VERSION) {
            throw new ModuleValidationException(Reason.UNSUPPORTED_VERSION, "WebAssembly binary version "
                    + Integer.toUnsignedString(version) + " is not supported; expected version " + SUPPORTED_VERSION);
        }
    }

    private static WasmModule decode(byte[] bytes) throws ModuleValidationException {
        try {
            return Parser.parse(bytes);
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ModuleValidationException(Reason.MALFORMED, "module is malformed: " + detail, e);
        }
    }

    private static void checkExports(WasmModule module) throws ModuleValidationException {
        Export start = requireExport(module.exportSection(), "_start", ExternalType.FUNCTION);
        FunctionType startType = functionType(module, start.index());
        if (!startType.params().isEmpty() || !startType.returns().isEmpty()) {
            throw new ModuleValidationException(Reason.MISSING_EXPORT, "export '_start' has signature " + startType
                    + "; a WASI command's '_start' takes no parameters and returns nothing");
        }
        requireExport(module.exportSection(), "memory", ExternalType.MEMORY);
    }

    private static Export requireExport(ExportSection exports, String name, ExternalType kind)
            throws ModuleValidationException {
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.name().equals(name)) {
                if (export.exportType() != kind) {
                    throw new ModuleValidationException(Reason.MISSING_EXPORT, "export '" + name + "' is a "
                            + kindName(export.exportType()) + "; a handler must export '" + name + "' as a "
                            + kindName(kind));
                }
                return export;
            }
        }
        throw new ModuleValidationException(Reason.MISSING_EXPORT, "export '" + name + "' (" + kindName(kind)
                + ") is missing; a handler is a WASI command exporting '_start' and 'memory'");
    }

    /** Function index space: imported functions first, then the module's own (Core Spec §2.5.1). */
    private static FunctionType functionType(WasmModule module, int functionIndex) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        if (functionIndex < imported) {
            int seen = 0;
            for (int i = 0; i < module.importSection().importCount(); i++) {
                if (module.importSection().getImport(i) instanceof FunctionImport function && seen++ == functionIndex) {
                    return module.typeSection().getType(function.typeIndex());
                }
            }
        }
        return module.typeSection().getType(module.functionSection().getFunctionType(functionIndex - imported));
    }

    private static void checkImports(WasmModule module) throws ModuleValidationException {
        ImportSection imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            Import imp = imports.getImport(i);
            String qualified = imp.module() + "." + imp.name();
            if (imp.importType() != ExternalType.FUNCTION) {
                throw new ModuleValidationException(Reason.FORBIDDEN_IMPORT, "import '" + qualified + "' is a "
                        + kindName(imp.importType()) + "; handlers may import only functions from " + WasiImports.MODULE);
            }
            FunctionType expected = WasiImports.MODULE.equals(imp.module()) ? WasiImports.signature(imp.name()) : null;
            if (expected == null) {
                throw new ModuleValidationException(Reason.FORBIDDEN_IMPORT, "import '" + qualified
                        + "' is not allowed; handlers may import only these " + WasiImports.MODULE + " functions: "
                        + WasiImports.describeAllowed());
            }
            FunctionType declared = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            if (!declared.typesMatch(expected)) {
                throw new ModuleValidationException(Reason.FORBIDDEN_IMPORT, "import '" + qualified
                        + "' has signature " + declared + " but the host provides " + expected);
            }
        }
    }

    private MemoryLimits checkMemory(WasmModule module) throws ModuleValidationException {
        MemorySection memories = module.memorySection().orElseThrow(() -> new ModuleValidationException(
                Reason.MISSING_EXPORT, "module defines no linear memory; a handler must define and export 'memory'"));
        int cap = limits.maxMemoryPages();
        for (int i = 0; i < memories.memoryCount(); i++) {
            MemoryLimits declared = memories.getMemory(i).limits();
            if (declared.initialPages() > cap) {
                throw new ModuleValidationException(Reason.MEMORY_TOO_LARGE, "memory " + i + " declares "
                        + declared.initialPages() + " initial pages (" + mib(declared.initialPages())
                        + "); the cap is " + cap + " pages (" + mib(cap) + ")");
            }
            if (declared.maximumPages() < RuntimeLimits.WASM32_MAX_PAGES && declared.maximumPages() > cap) {
                throw new ModuleValidationException(Reason.MEMORY_TOO_LARGE, "memory " + i + " declares a maximum of "
                        + declared.maximumPages() + " pages (" + mib(declared.maximumPages()) + "); the cap is "
                        + cap + " pages (" + mib(cap) + ")");
            }
        }
        return memories.getMemory(0).limits();
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.length() == 0 ? "(empty)" : out.toString();
    }

    private static String kindName(ExternalType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String mib(int pages) {
        long bytes = (long) pages * 65_536;
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }
}
