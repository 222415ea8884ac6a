package dev.tasker.cli.testing;

import com.dylibso.chicory.wabt.Wat2Wasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real WASI preview1 command modules for the CLI tests, written in WAT here and compiled with Chicory's wabt.
 * Every module imports only {@code wasi_snapshot_preview1}, exports {@code _start} and {@code memory}.
 */
public final class WatModules {

    private static final String IMPORTS = """
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
            """;

    /** {@code $write(fd, ptr, len)}: one fd_write through the iovec at address 0; bytes written land at 8. */
    private static final String WRITE = """
              (func $write (param $fd i32) (param $ptr i32) (param $len i32)
                (i32.store (i32.const 0) (local.get $ptr))
                (i32.store (i32.const 4) (local.get $len))
                (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
            """;

    /**
     * {@code $read_all() -> total}: reads stdin to the end into memory from address 4096 (at most 120 KiB).
     */
    private static final String READ_ALL = """
              (func $read_all (result i32)
                (local $total i32) (local $n i32)
                (block $done
                  (loop $more
                    (i32.store (i32.const 0) (i32.add (i32.const 4096) (local.get $total)))
                    (i32.store (i32.const 4) (i32.sub (i32.const 122880) (local.get $total)))
                    (br_if $done (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
                    (local.set $n (i32.load (i32.const 8)))
                    (br_if $done (i32.eqz (local.get $n)))
                    (local.set $total (i32.add (local.get $total) (local.get $n)))
                    (br $more)))
                (local.get $total))
            """;

    /** {@code $contains(hay, hay_len, needle, needle_len) -> 0|1}: naive substring search in memory. */
    private static final String CONTAINS = """
              (func $contains (param $hay i32) (param $hay_len i32) (param $needle i32) (param $needle_len i32) (result i32)
                (local $i i32) (local $j i32)
                (block $not_found
                  (loop $outer
                    (br_if $not_found (i32.gt_s (i32.add (local.get $i) (local.get $needle_len)) (local.get $hay_len)))
                    (local.set $j (i32.const 0))
                    (block $mismatch
                      (loop $inner
                        (if (i32.eq (local.get $j) (local.get $needle_len)) (then (return (i32.const 1))))
                        (br_if $mismatch (i32.ne
                          (i32.load8_u (i32.add (local.get $hay) (i32.add (local.get $i) (local.get $j))))
                          (i32.load8_u (i32.add (local.get $needle) (local.get $j)))))
                        (local.set $j (i32.add (local.get $j) (i32.const 1)))
                        (br $inner)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $outer)))
                (i32.const 0))
            """;

    private WatModules() {
    }

    /**
     * A handler that succeeds with the whole step invocation it read as its {@code result}
     * ({@code {"success":true,"result":<stdin>}}) and writes {@code echo: invocation received} to stderr.
     */
    public static byte[] echo() {
        String prefix = "{\"success\":true,\"result\":";
        String stderr = "echo: invocation received\n";
        return compile("(module\n" + IMPORTS + "  (memory (export \"memory\") 2)\n"
                + data(16, prefix) + data(64, "}") + data(80, stderr) + WRITE + READ_ALL + """
                  (func (export "_start")
                    (local $total i32)
                    (local.set $total (call $read_all))
                """
                + "    (call $write (i32.const 1) (i32.const 16) (i32.const " + length(prefix) + "))\n"
                + "    (call $write (i32.const 1) (i32.const 4096) (local.get $total))\n"
                + "    (call $write (i32.const 1) (i32.const 64) (i32.const 1))\n"
                + "    (call $write (i32.const 2) (i32.const 80) (i32.const " + length(stderr) + "))))\n");
    }

    /**
     * A handler that prints {@code failure} (a step result, at most 3000 bytes) when its stdin contains
     * {@code needle} (at most 200 bytes), and otherwise succeeds like {@link #echo()} with the invocation as result.
     * E.g. needle {@code "attempt":1,} makes a handler that fails its first attempt only.
     */
    public static byte[] failWhen(String needle, String failure) {
        String prefix = "{\"success\":true,\"result\":";
        return compile("(module\n" + IMPORTS + "  (memory (export \"memory\") 2)\n"
                + data(16, prefix) + data(64, "}") + data(256, needle) + data(512, failure)
                + WRITE + READ_ALL + CONTAINS
                + "  (func (export \"_start\")\n"
                + "    (local $total i32)\n"
                + "    (local.set $total (call $read_all))\n"
                + "    (if (call $contains (i32.const 4096) (local.get $total) (i32.const 256) (i32.const " + length(needle) + "))\n"
                + "      (then (call $write (i32.const 1) (i32.const 512) (i32.const " + length(failure) + ")) (return)))\n"
                + "    (call $write (i32.const 1) (i32.const 16) (i32.const " + length(prefix) + "))\n"
                + "    (call $write (i32.const 1) (i32.const 4096) (local.get $total))\n"
                + "    (call $write (i32.const 1) (i32.const 64) (i32.const 1))))\n");
    }

    /**
     * A handler that ignores its input, prints {@code stdout} (which should be a step result) and {@code stderr}.
     */
    public static byte[] constant(String stdout, String stderr) {
        int stderrAt = 64 + length(stdout) + 16;
        return compile("(module\n" + IMPORTS + "  (memory (export \"memory\") 1)\n"
                + data(64, stdout) + data(stderrAt, stderr) + WRITE + READ_ALL
                + "  (func (export \"_start\")\n"
                + "    (drop (call $read_all))\n"
                + "    (call $write (i32.const 1) (i32.const 64) (i32.const " + length(stdout) + "))\n"
                + "    (call $write (i32.const 2) (i32.const " + stderrAt + ") (i32.const " + length(stderr) + "))))\n");
    }

    /** A handler that never returns (a busy loop), to hit the time limit. */
    public static byte[] spin() {
        return compile("(module\n" + IMPORTS + "  (memory (export \"memory\") 1)\n"
                + "  (func (export \"_start\") (loop $forever (br $forever))))\n");
    }

    /** A handler declaring {@code pages} pages of initial linear memory and otherwise succeeding with {@code {}}. */
    public static byte[] withInitialPages(int pages) {
        String out = "{\"success\":true,\"result\":{}}";
        return compile("(module\n" + IMPORTS + "  (memory (export \"memory\") " + pages + ")\n" + data(64, out) + WRITE
                + "  (func (export \"_start\")\n"
                + "    (call $write (i32.const 1) (i32.const 64) (i32.const " + length(out) + "))))\n");
    }

    /** A valid WebAssembly module that is not a WASI command (no {@code _start}). */
    public static byte[] library() {
        return compile("(module (memory (export \"memory\") 1) (func (export \"add\") (param i32 i32) (result i32)"
                + " (i32.add (local.get 0) (local.get 1))))");
    }

    /** Writes {@code bytes} to {@code dir/name} and returns the path. */
    public static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] compile(String wat) {
        return Wat2Wasm.parse(wat);
    }

    private static String data(int address, String text) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            escaped.append(String.format("\\%02x", b & 0xff));
        }
        return "  (data (i32.const " + address + ") \"" + escaped + "\")\n";
    }

    private static int length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
