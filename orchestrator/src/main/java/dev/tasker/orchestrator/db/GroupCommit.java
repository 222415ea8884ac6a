package dev.tasker.orchestrator.db;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Group commit: callers hand over one item each and wait until it is written; while one batch is being written,
 * items that arrive queue up and the next batch writes all of them in one call (one round trip, one transaction,
 * one WAL flush). Alone, an item is written at once; under load each caller no longer pays a round trip and a commit
 * of its own. This is the technique PostgreSQL applies to WAL flushes ({@code commit_delay}), without the delay: a
 * batch is whatever queued while the previous one was written.
 *
 * <p>One writer thread (a virtual thread, started with the instance) writes the batches, so a caller waits only for
 * the batch that holds its item, never for batches of other callers that arrive behind it.
 *
 * <p>Nothing is lost to a bad neighbour: when a batch of several items fails, each item is written again alone, so
 * only an item that fails on its own reports the failure to its caller.
 *
 * @param <I> an item to write
 * @param <O> what the writer returns for one item
 */
public final class GroupCommit<I, O> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    private record Pending<I, O>(I item, CompletableFuture<O> written) {
    }

    private final String what;
    private final Function<List<I>, List<O>> writer;
    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private volatile boolean closed;

    /**
     * Starts the writer thread.
     *
     * @param what   what the items are, for thread names and log lines (e.g. "step results")
     * @param writer writes a batch in one transaction and returns one output per item, in the items' order; throws
     *               when the batch cannot be written (nothing of it is then committed)
     */
    public GroupCommit(String what, Function<List<I>, List<O>> writer) {
        this.what = what;
        this.writer = writer;
        this.writerThread = Thread.ofVirtual().name("group-commit " + what).start(this::writeBatches);
    }

    /**
     * Queues one item and waits until the batch that holds it is committed (blocks the calling thread, meant to be a
     * virtual thread or a worker thread).
     *
     * @param item the item
     * @return the writer's output for it
     * @throws RuntimeException      the writer's exception when the item cannot be written, even alone
     * @throws IllegalStateException when this group commit is closed
     */
    public O write(I item) {
        Pending<I, O> pending = new Pending<>(item, new CompletableFuture<>());
        queue.add(pending);
        if (closed && queue.remove(pending)) { // closed before the writer could see it
            throw closedException();
        }
        try {
            return pending.written().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** @return items queued behind the batch being written (for tests and diagnostics) */
    public int queued() {
        return queue.size();
    }

    /** Stops the writer thread; items not written yet fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        writerThread.interrupt();
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("the " + what + " group commit is closed");
    }

    private void writeBatches() {
        try {
            while (!closed) {
                List<Pending<I, O>> batch = new ArrayList<>();
                batch.add(queue.take());
                queue.drainTo(batch);
                write(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending<I, O> left; (left = queue.poll()) != null; ) {
            left.written().completeExceptionally(closedException());
        }
    }

    private void write(List<Pending<I, O>> batch) {
        try {
            complete(batch, call(batch));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().written().completeExceptionally(e);
                return;
            }
            LOG.warnf(e, "Writing %d %s together failed; writing them one by one", batch.size(), what);
            for (Pending<I, O> one : batch) {
                try {
                    complete(List.of(one), call(List.of(one)));
                } catch (RuntimeException alone) {
                    one.written().completeExceptionally(alone);
                }
            }
        } catch (Error e) { // the writer thread lives on; the callers learn what happened
            LOG.errorf(e, "Writing %d %s failed", batch.size(), what);
            batch.forEach(pending -> pending.written().completeExceptionally(e));
        }
    }

    private List<O> call(List<Pending<I, O>> batch) {
        List<O> outputs = writer.apply(batch.stream().map(Pending::item).toList());
        if (outputs.size() != batch.size()) {
            throw new IllegalStateException("the " + what + " writer returned " + outputs.size() + " outputs for "
                    + batch.size() + " items");
        }
        return outputs;
    }

    private static <I, O> void complete(List<Pending<I, O>> batch, List<O> outputs) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).written().complete(outputs.get(i));
        }
    }
}
