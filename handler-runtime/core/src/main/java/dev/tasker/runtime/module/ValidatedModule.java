package dev.tasker.runtime.module;

import com.dylibso.chicory.wasm.WasmModule;

/**
 * A module that passed {@link ModuleValidator#validate(byte[])}.
 *
 * @param digest {@code sha256:<64 hex>} of {@code bytes}
 * @param bytes the module bytes (not copied; do not modify)
 * @param module the decoded module (a compiled machine factory only accepts this exact object)
 * @param declaredInitialPages initial linear memory the module declares, in 64 KiB pages
 * @param declaredMaxPages maximum linear memory the module declares, in pages, or null if it
 *     declares none (a declared maximum of 65536 pages, the wasm32 limit, is reported as null)
 */
public record ValidatedModule(
        String digest, byte[] bytes, WasmModule module, int declaredInitialPages, Integer declaredMaxPages) {}
