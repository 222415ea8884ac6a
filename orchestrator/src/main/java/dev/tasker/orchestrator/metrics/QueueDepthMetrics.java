package dev.tasker.orchestrator.metrics;

import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.queue.Pgmq;
import dev.tasker.orchestrator.queue.PgmqInstaller;
import dev.tasker.orchestrator.queue.QueueMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the depth of every PGMQ queue as the gauges {@code tasker.queue.depth{queue}} (messages in the queue)
 * and {@code tasker.queue.visible{queue}} (messages readable now), refreshed from {@code pgmq.metrics} every
 * {@code tasker.metrics.queue-refresh} (default 10 s) so that a metrics scrape never waits on the database.
 */
@ApplicationScoped
public class QueueDepthMetrics {

    private final Database db;
    private final PgmqInstaller pgmq;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong[]> gauges = new ConcurrentHashMap<>();

    public QueueDepthMetrics(Database db, PgmqInstaller pgmq, MeterRegistry meters) {
        this.db = db;
        this.pgmq = pgmq;
        this.meters = meters;
    }

    /** Reads every queue's metrics and updates (registering on first sight) its gauges; waits for PGMQ's install. */
    @Scheduled(every = "${tasker.metrics.queue-refresh:10s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        if (pgmq.mode() == null) {
            return;
        }
        for (String queue : Pgmq.listQueues(db)) {
            QueueMetrics m = Pgmq.metrics(db, queue);
            AtomicLong[] values = gauges.computeIfAbsent(queue, this::register);
            values[0].set(m.queueLength());
            values[1].set(m.visibleLength());
        }
    }

    private AtomicLong[] register(String queue) {
        AtomicLong depth = new AtomicLong();
        AtomicLong visible = new AtomicLong();
        Gauge.builder("tasker.queue.depth", depth, AtomicLong::get).tag("queue", queue)
                .description("Messages in the PGMQ queue").register(meters);
        Gauge.builder("tasker.queue.visible", visible, AtomicLong::get).tag("queue", queue)
                .description("Messages in the PGMQ queue readable now (vt <= now)").register(meters);
        return new AtomicLong[] {depth, visible};
    }
}
