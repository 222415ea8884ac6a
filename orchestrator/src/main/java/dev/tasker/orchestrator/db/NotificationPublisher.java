package dev.tasker.orchestrator.db;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the wake-up notifications of committed work ({@link Signal}s) without holding up any data transaction.
 *
 * <p>Why not NOTIFY inside the transaction: PostgreSQL serializes the commits of all transactions that NOTIFY on
 * one database-wide lock held through the commit's WAL flush, so with durable commits every enqueue and every
 * recorded result waited for the previous one's fdatasync (migration V11 has the measurements).
 *
 * <p>{@link #publish} (called after the commit) first hands each signal to this instance's own subscribers
 * ({@link NotificationListener#deliverLocally}), so local consumers wake at once, then queues it for the
 * {@code NOTIFY} that wakes the other orchestrator instances. One statement is in flight at a time,
 * {@code pg_notify} over every signal queued meanwhile (identical ones coalesce), in its own transaction with
 * {@code synchronous_commit = off}: a notification carries no data, so its commit need not wait for a flush and holds
 * the NOTIFY lock only for microseconds. A failed send is logged and dropped; listeners fall back to polling, as
 * for any notification missed while disconnected. This instance receives its own NOTIFYs too; waking a consumer
 * twice is harmless.
 */
@ApplicationScoped
public class NotificationPublisher {

    private static final Logger LOG = Logger.getLogger(NotificationPublisher.class);
    private static final String SEND = "SELECT set_config('synchronous_commit', 'off', true), count(pg_notify(s.c, s.p))"
            + " FROM unnest($1::text[], $2::text[]) AS s(c, p)";

    private final Pool pool;
    private final NotificationListener listener;
    private final Set<Signal> queued = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sending = new AtomicBoolean();

    public NotificationPublisher(Pool pool, NotificationListener listener) {
        this.pool = pool;
        this.listener = listener;
    }

    /**
     * Delivers signals of work that has committed: to this instance's subscribers now (on the calling thread;
     * their handlers do not block), and to every instance's through NOTIFY shortly after (asynchronously).
     *
     * @param signals the signals; may be empty
     */
    public void publish(Collection<Signal> signals) {
        if (signals.isEmpty()) {
            return;
        }
        for (Signal signal : signals) {
            listener.deliverLocally(signal.channel(), signal.payload());
        }
        queued.addAll(signals);
        sendQueued();
    }

    private void sendQueued() {
        if (queued.isEmpty() || !sending.compareAndSet(false, true)) {
            return;
        }
        List<Signal> batch = new ArrayList<>(queued);
        queued.removeAll(batch);
        String[] channels = batch.stream().map(Signal::channel).toArray(String[]::new);
        String[] payloads = batch.stream().map(Signal::payload).toArray(String[]::new);
        pool.preparedQuery(SEND).execute(Tuple.of(channels, payloads)).subscribe().with(
                rows -> sent(),
                failure -> {
                    LOG.warnf(failure, "Could not NOTIFY %d signal(s); other instances' consumers fall back to polling",
                            batch.size());
                    sent();
                });
    }

    private void sent() {
        sending.set(false);
        // signals queued while the statement was in flight
        sendQueued();
    }
}
