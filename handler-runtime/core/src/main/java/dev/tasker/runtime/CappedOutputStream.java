package dev.tasker.runtime;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects a guest's stdout or stderr up to a byte cap. A write that would pass the cap keeps the
 * bytes that fit, marks the stream as overflowed and throws {@link OutputLimitExceededException},
 * which unwinds the guest out of {@code fd_write}: the host never buffers more than the cap.
 * Confined to the thread running the invocation, except the accessors read after the run.
 */
final class CappedOutputStream extends OutputStream {

    private final String name;
    private final int cap;
    private byte[] buffer;
    private int count;
    private volatile boolean overflowed;

    /**
     * @param name {@code "stdout"} or {@code "stderr"}, for messages
     * @param cap maximum bytes kept, at least 1
     */
    CappedOutputStream(String name, int cap) {
        this.name = name;
        this.cap = cap;
        this.buffer = new byte[Math.min(cap, 256)];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        int room = cap - count;
        int kept = Math.min(room, length);
        if (kept > 0) {
            ensureCapacity(count + kept);
            System.arraycopy(bytes, offset, buffer, count, kept);
            count += kept;
        }
        if (length > room) {
            overflowed = true;
            throw new OutputLimitExceededException(name + " exceeded its limit of " + cap + " bytes");
        }
    }

    /** @return whether the guest tried to write more than the cap */
    boolean overflowed() {
        return overflowed;
    }

    /** @return the bytes kept (at most the cap) */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, count);
    }

    /** @return the bytes kept, decoded as UTF-8 (malformed sequences replaced) */
    String toUtf8() {
        return new String(buffer, 0, count, StandardCharsets.UTF_8);
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            int grown = (int) Math.min(cap, Math.max(needed, 2L * buffer.length));
            buffer = Arrays.copyOf(buffer, grown);
        }
    }

    /** Thrown into the guest when it writes past the cap; carries no stack trace. */
    static final class OutputLimitExceededException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        OutputLimitExceededException(String message) {
            super(message, null, false, false);
        }
    }
}
