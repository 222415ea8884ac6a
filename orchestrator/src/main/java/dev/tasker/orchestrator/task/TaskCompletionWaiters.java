package dev.tasker.orchestrator.task;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who waits for which task to finish: maps a task uuid to its pending {@link Waiter}s and completes them when the
 * {@value #CHANNEL} notification for that task arrives ({@link #finished}): {@code tasker.move_task_path} asks for
 * it when a task reaches a terminal state, and once that commits the orchestrator instance that moved it delivers it
 * to its own waiters and NOTIFYs the others ({@link dev.tasker.orchestrator.db.NotificationPublisher}, migration V11).
 *
 * <p>Waiters leave the registry when notified or when {@link Waiter#close() closed} (timeout, client gone), so it
 * holds only live waits. Their number is the gauge {@code tasker.task.waiters}.
 */
@ApplicationScoped
public class TaskCompletionWaiters {

    /** NOTIFY channel; the payload is the uuid of a task that reached a terminal state. */
    public static final String CHANNEL = "tasker_task_finished";

    private static final Logger LOG = Logger.getLogger(TaskCompletionWaiters.class);

    private final Map<UUID, Set<Waiter>> waiters = new ConcurrentHashMap<>();

    public TaskCompletionWaiters(MeterRegistry meters) {
        Gauge.builder("tasker.task.waiters", waiters, TaskCompletionWaiters::count)
                .description("Requests waiting for a task to finish (GET /v1/tasks/{task_uuid}?wait_ms=)")
                .register(meters);
    }

    /**
     * Registers a wait for a task; register <em>before</em> reading the task's state, so that a notification sent
     * between the read and the wait is not lost.
     *
     * @param task the task
     * @return the waiter; {@link Waiter#close() close} it when no longer waiting
     */
    public Waiter register(UUID task) {
        Waiter waiter = new Waiter(task);
        waiters.compute(task, (t, set) -> {
            Set<Waiter> registered = set == null ? ConcurrentHashMap.newKeySet() : set;
            registered.add(waiter);
            return registered;
        });
        return waiter;
    }

    /**
     * Completes every waiter of a task and removes them; called with the payload of each {@value #CHANNEL}
     * notification (on a Vert.x event-loop thread: does not block).
     *
     * @param payload the task's uuid; anything else is logged and ignored
     */
    public void finished(String payload) {
        UUID task;
        try {
            task = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring %s notification without a task uuid: '%s'", CHANNEL, payload);
            return;
        }
        Set<Waiter> done = waiters.remove(task);
        if (done != null) {
            done.forEach(waiter -> waiter.finished.complete(null));
        }
    }

    /** @return the number of registered waiters, over all tasks */
    public int count() {
        return count(waiters);
    }

    private static int count(Map<UUID, Set<Waiter>> waiters) {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    private void remove(Waiter waiter) {
        waiters.computeIfPresent(waiter.task, (task, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    /** One wait for one task. */
    public final class Waiter implements AutoCloseable {

        private final UUID task;
        private final CompletableFuture<Void> finished = new CompletableFuture<>();

        private Waiter(UUID task) {
            this.task = task;
        }

        /**
         * @return a stage completed when the task's {@value #CHANNEL} notification arrives after registration; a new
         * stage on every call, so cancelling one (a timed-out wait) leaves the waiter usable
         */
        public CompletionStage<Void> finished() {
            return finished.copy();
        }

        /** Leaves the registry (idempotent). */
        @Override
        public void close() {
            remove(this);
        }
    }
}
