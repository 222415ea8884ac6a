package dev.tasker.orchestrator.task;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The waiter registry on its own: who is completed by a notification, who leaves, what the gauge shows. */
class TaskCompletionWaitersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TaskCompletionWaiters waiters = new TaskCompletionWaiters(meters);

    private double gauge() {
        return meters.get("tasker.task.waiters").gauge().value();
    }

    @Test
    void aNotificationCompletesEveryWaiterOfItsTaskAndOnlyThose() throws Exception {
        UUID task = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        TaskCompletionWaiters.Waiter first = waiters.register(task);
        TaskCompletionWaiters.Waiter second = waiters.register(task);
        TaskCompletionWaiters.Waiter unrelated = waiters.register(other);
        assertThat(waiters.count()).isEqualTo(3);
        assertThat(gauge()).isEqualTo(3.0);

        waiters.finished(task.toString());

        first.finished().toCompletableFuture().get(1, TimeUnit.SECONDS);
        second.finished().toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(unrelated.finished().toCompletableFuture()).isNotDone();
        assertThat(waiters.count()).isEqualTo(1);
        unrelated.close();
        assertThat(waiters.count()).isZero();
        assertThat(gauge()).isZero();
    }

    @Test
    void closedWaitersLeaveAndAreNotCompletedLater() {
        UUID task = UUID.randomUUID();
        TaskCompletionWaiters.Waiter waiter = waiters.register(task);
        waiter.close();
        waiter.close();
        assertThat(waiters.count()).isZero();

        waiters.finished(task.toString());

        assertThat(waiter.finished().toCompletableFuture()).isNotDone();
    }

    @Test
    void cancellingOneWaitLeavesTheWaiterUsable() throws Exception {
        UUID task = UUID.randomUUID();
        TaskCompletionWaiters.Waiter waiter = waiters.register(task);
        CompletionStage<Void> timedOut = waiter.finished();
        timedOut.toCompletableFuture().cancel(false);
        CompletableFuture<Void> next = waiter.finished().toCompletableFuture();

        waiters.finished(task.toString());

        next.get(1, TimeUnit.SECONDS);
        assertThat(waiters.count()).isZero();
    }

    @Test
    void aPayloadThatIsNotATaskUuidIsIgnored() {
        TaskCompletionWaiters.Waiter waiter = waiters.register(UUID.randomUUID());

        waiters.finished("not-a-uuid");

        assertThat(waiter.finished().toCompletableFuture()).isNotDone();
        assertThat(waiters.count()).isEqualTo(1);
    }
}
