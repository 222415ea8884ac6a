package dev.tasker.orchestrator.db;

import dev.tasker.orchestrator.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link GroupCommit} on its own: batching, a caller's wait, failure isolation, closing. */
class GroupCommitTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    /** A writer that doubles its items, records each batch, and holds a batch holding a gated item until released. */
    private static final class Writer implements Function<List<Integer>, List<Integer>> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();

        Writer(Integer... gated) {
            for (Integer item : gated) {
                gates.put(item, new CountDownLatch(1));
            }
        }

        void release(int item) {
            gates.get(item).countDown();
        }

        @Override
        public List<Integer> apply(List<Integer> items) {
            batches.add(items);
            for (Integer item : items) {
                CountDownLatch gate = gates.get(item);
                if (gate != null) {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            if (items.contains(-1)) {
                throw new IllegalArgumentException("-1 is rejected");
            }
            return items.stream().map(i -> i * 2).toList();
        }
    }

    @Test
    void itemsArrivingDuringAWriteShareTheNextBatchAndEachCallerGetsItsOwnOutput() throws Exception {
        Writer writer = new Writer(1);
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("numbers", writer);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> commits.write(1), threads);
            Await.until(() -> writer.batches.size() == 1, WITHIN, "the first batch to start");
            List<CompletableFuture<Integer>> next = List.of(2, 3, 4).stream()
                    .map(i -> CompletableFuture.supplyAsync(() -> commits.write(i), threads)).toList();
            Await.until(() -> commits.queued() == 3, WITHIN, "three items to queue behind the first batch");
            writer.release(1);
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(next.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(next.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(8);
        }
        assertThat(writer.batches).hasSize(2);
        assertThat(writer.batches.get(1)).containsExactlyInAnyOrder(2, 3, 4);
        commits.close();
    }

    /** A caller waits for its own batch only, not for the batches of callers that queued behind it. */
    @Test
    void aCallerReturnsOnceItsBatchIsWrittenWhileALaterBatchIsStillBeingWritten() throws Exception {
        Writer writer = new Writer(1, 2);
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("numbers", writer);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> commits.write(1), threads);
            Await.until(() -> writer.batches.size() == 1, WITHIN, "the first batch to start");
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> commits.write(2), threads);
            Await.until(() -> commits.queued() == 1, WITHIN, "the second item to queue");
            writer.release(1);
            assertThat(first.get(10, TimeUnit.SECONDS)).as("returned while the second batch is held").isEqualTo(2);
            Await.until(() -> writer.batches.size() == 2, WITHIN, "the second batch to start");
            assertThat(second.isDone()).isFalse();
            writer.release(2);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        }
        commits.close();
    }

    @Test
    void anItemRejectedInABatchFailsAloneAndItsNeighboursAreWritten() throws Exception {
        Writer writer = new Writer(0);
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("numbers", writer);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> commits.write(0), threads);
            Await.until(() -> writer.batches.size() == 1, WITHIN, "the first batch to start");
            CompletableFuture<Integer> good = CompletableFuture.supplyAsync(() -> commits.write(5), threads);
            Await.until(() -> commits.queued() == 1, WITHIN, "the good item to queue");
            CompletableFuture<Integer> bad = CompletableFuture.supplyAsync(() -> commits.write(-1), threads);
            Await.until(() -> commits.queued() == 2, WITHIN, "the bad item to queue");
            writer.release(0);
            assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo(10);
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-1 is rejected");
        }
        assertThat(writer.batches).as("the batch of two, then each alone")
                .containsExactly(List.of(0), List.of(5, -1), List.of(5), List.of(-1));
        commits.close();
    }

    @Test
    void aWriterReturningTheWrongNumberOfOutputsFailsItsCallers() {
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("numbers", items -> List.of());
        assertThatThrownBy(() -> commits.write(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned 0 outputs for 1 items");
        commits.close();
    }

    @Test
    void afterCloseAWriteFailsAndAQueuedItemIsNotLeftWaiting() throws Exception {
        Writer writer = new Writer(1);
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("numbers", writer);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> commits.write(1), threads);
            Await.until(() -> writer.batches.size() == 1, WITHIN, "the first batch to start");
            CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> commits.write(2), threads);
            Await.until(() -> commits.queued() == 1, WITHIN, "an item to queue");
            commits.close();
            assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).hasMessageContaining("group commit is closed");
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).as("interrupted while written")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> commits.write(3)).hasMessageContaining("group commit is closed");
    }
}
