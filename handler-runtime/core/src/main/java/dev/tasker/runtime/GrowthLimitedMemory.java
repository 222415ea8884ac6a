package dev.tasker.runtime;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A guest's linear memory, capped at a number of pages, that remembers the first {@code memory.grow}
 * it refused so the host can report {@code memory_limit_exceeded} instead of a bare trap.
 *
 * <p>Delegates to Chicory's paged {@link ByteArrayMemory}. Every abstract {@link Memory} method and
 * the bulk operations Chicory specialises ({@code copy}, segment initialisation) are forwarded;
 * atomic operations use {@link Memory}'s default implementations (handlers are single-threaded).
 * Confined to the thread running the invocation, except {@link #refusedGrowth()} which is read after
 * the run.
 */
final class GrowthLimitedMemory implements Memory {

    private final Memory delegate;
    private volatile String refusedGrowth;

    /**
     * @param initialPages pages allocated up front (from the module's declaration)
     * @param maxPages the cap in pages; {@code memory.grow} beyond it returns -1
     */
    GrowthLimitedMemory(int initialPages, int maxPages) {
        this.delegate = new ByteArrayMemory(new MemoryLimits(initialPages, maxPages));
    }

    /** @return a description of the first refused growth, or null if none was refused */
    String refusedGrowth() {
        return refusedGrowth;
    }

    @Override
    public int grow(int pages) {
        int before = delegate.pages();
        int result = delegate.grow(pages);
        if (result < 0 && refusedGrowth == null) {
            refusedGrowth = "memory.grow by " + Integer.toUnsignedString(pages) + " page(s) at " + before
                    + " pages would pass the limit of " + delegate.maximumPages() + " pages ("
                    + (long) delegate.maximumPages() * PAGE_SIZE / 1024 + " KiB)";
        }
        return result;
    }

    @Override
    public int pages() {
        return delegate.pages();
    }

    @Override
    public int initialPages() {
        return delegate.initialPages();
    }

    @Override
    public int maximumPages() {
        return delegate.maximumPages();
    }

    @Override
    public boolean shared() {
        return delegate.shared();
    }

    @Override
    public Object lock(int address) {
        return delegate.lock(address);
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        return delegate.waitOn(address, expected, timeout);
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        return delegate.waitOn(address, expected, timeout);
    }

    @Override
    public int notify(int address, int maxThreads) {
        return delegate.notify(address, maxThreads);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        delegate.initialize(instance, dataSegments);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        delegate.initialize(instance, dataSegments, memoryIndex);
    }

    @Override
    public void initPassiveSegment(int segmentId, int destination, int offset, int size) {
        delegate.initPassiveSegment(segmentId, destination, offset, size);
    }

    @Override
    public void write(int address, byte[] data, int offset, int size) {
        delegate.write(address, data, offset, size);
    }

    @Override
    public byte read(int address) {
        return delegate.read(address);
    }

    @Override
    public byte[] readBytes(int address, int length) {
        return delegate.readBytes(address, length);
    }

    @Override
    public void writeI32(int address, int value) {
        delegate.writeI32(address, value);
    }

    @Override
    public int readInt(int address) {
        return delegate.readInt(address);
    }

    @Override
    public void writeLong(int address, long value) {
        delegate.writeLong(address, value);
    }

    @Override
    public long readLong(int address) {
        return delegate.readLong(address);
    }

    @Override
    public void writeShort(int address, short value) {
        delegate.writeShort(address, value);
    }

    @Override
    public short readShort(int address) {
        return delegate.readShort(address);
    }

    @Override
    public long readU16(int address) {
        return delegate.readU16(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        delegate.writeByte(address, value);
    }

    @Override
    public void writeF32(int address, float value) {
        delegate.writeF32(address, value);
    }

    @Override
    public long readF32(int address) {
        return delegate.readF32(address);
    }

    @Override
    public float readFloat(int address) {
        return delegate.readFloat(address);
    }

    @Override
    public void writeF64(int address, double value) {
        delegate.writeF64(address, value);
    }

    @Override
    public double readDouble(int address) {
        return delegate.readDouble(address);
    }

    @Override
    public long readF64(int address) {
        return delegate.readF64(address);
    }

    @Override
    public void zero() {
        delegate.zero();
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        delegate.fill(value, fromIndex, toIndex);
    }

    @Override
    public void copy(int destination, int offset, int size) {
        delegate.copy(destination, offset, size);
    }

    @Override
    public void drop(int segment) {
        delegate.drop(segment);
    }
}
