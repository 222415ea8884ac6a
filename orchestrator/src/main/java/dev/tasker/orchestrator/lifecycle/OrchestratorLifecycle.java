package dev.tasker.orchestrator.lifecycle;

import dev.tasker.orchestrator.config.TaskerConfig;
import dev.tasker.orchestrator.db.NotificationListener;
import dev.tasker.orchestrator.execution.StepDispatcher;
import dev.tasker.orchestrator.queue.PgmqInstaller;
import dev.tasker.orchestrator.queue.Queues;
import dev.tasker.orchestrator.recovery.ClaimRecovery;
import dev.tasker.orchestrator.results.RetryScheduler;
import dev.tasker.orchestrator.results.StepResultProcessor;
import dev.tasker.orchestrator.task.TaskCompletionWaiters;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * Starts the orchestrator's parts in order once Quarkus (and Flyway's migrations) are up: PGMQ, the task template
 * directory, the LISTEN connection, then the consumers (step dispatcher, result processor, retry scheduler, claim
 * recovery); stops them in reverse order on shutdown, letting running steps record their results.
 *
 * <p>Notifications are routed here: {@value Queues#CHANNEL} wakes the consumer of the queue named (counted as
 * {@code tasker.queue.notifications{queue}}), {@value TaskCompletionWaiters#CHANNEL} the long-polls of the task named.
 */
@ApplicationScoped
public class OrchestratorLifecycle {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final TaskerConfig config;
    private final PgmqInstaller pgmq;
    private final TemplateDirectory templates;
    private final NotificationListener listener;
    private final TaskCompletionWaiters waiters;
    private final MeterRegistry meters;
    private final StepDispatcher dispatcher;
    private final StepResultProcessor results;
    private final RetryScheduler retries;
    private final ClaimRecovery recovery;

    public OrchestratorLifecycle(TaskerConfig config, PgmqInstaller pgmq, TemplateDirectory templates,
                                 NotificationListener listener, TaskCompletionWaiters waiters, MeterRegistry meters,
                                 StepDispatcher dispatcher, StepResultProcessor results, RetryScheduler retries,
                                 ClaimRecovery recovery) {
        this.config = config;
        this.pgmq = pgmq;
        this.templates = templates;
        this.listener = listener;
        this.waiters = waiters;
        this.meters = meters;
        this.dispatcher = dispatcher;
        this.results = results;
        this.retries = retries;
        this.recovery = recovery;
    }

    void onStart(@Observes StartupEvent event) {
        pgmq.install();
        templates.load();
        listener.subscribe(Queues.CHANNEL, queue -> {
            meters.counter("tasker.queue.notifications", "queue", queue).increment();
            if (Queues.STEP_RESULTS.equals(queue)) {
                results.wake();
            } else if (Queues.isWorkerQueue(queue)) {
                dispatcher.wake(queue);
            }
        });
        listener.subscribe(TaskCompletionWaiters.CHANNEL, waiters::finished);
        listener.start();
        if (config.results().enabled()) {
            recovery.start();
            retries.start();
            results.start();
        }
        if (config.dispatcher().enabled()) {
            dispatcher.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        dispatcher.stop(STOP_TIMEOUT);
        results.stop(STOP_TIMEOUT);
        retries.stop(STOP_TIMEOUT);
        recovery.stop(STOP_TIMEOUT);
        listener.stop();
    }
}
