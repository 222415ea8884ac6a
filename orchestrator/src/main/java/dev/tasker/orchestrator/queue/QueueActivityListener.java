package dev.tasker.orchestrator.queue;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Listens on the {@value Queues#CHANNEL} NOTIFY channel with a dedicated connection ({@code LISTEN}) and tells
 * registered consumers which queue received messages, so they wake within milliseconds instead of waiting for
 * their fallback poll. Reconnects after connection loss; notifications missed meanwhile are covered by the polls.
 * Counts what it receives as {@code tasker.queue.notifications{queue}}.
 */
@ApplicationScoped
public class QueueActivityListener {

    private static final Logger LOG = Logger.getLogger(QueueActivityListener.class);
    private static final long RECONNECT_DELAY_MS = Duration.ofSeconds(1).toMillis();

    private final Vertx vertx;
    private final MeterRegistry meters;
    private final String reactiveUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private PgSubscriber subscriber;

    public QueueActivityListener(Vertx vertx, MeterRegistry meters,
                                 @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
                                 @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                                 @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.meters = meters;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
    }

    /** @param listener called with the queue name on every notification (on a Vert.x thread: must not block) */
    public void onActivity(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Opens the listening connection (asynchronously; failures are logged and retried). */
    public synchronized void start() {
        if (subscriber != null) {
            return;
        }
        String uri = reactiveUrl.startsWith("vertx-reactive:") ? reactiveUrl.substring("vertx-reactive:".length()) : reactiveUrl;
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_DELAY_MS);
        subscriber.channel(Queues.CHANNEL).handler(queue -> {
            meters.counter("tasker.queue.notifications", "queue", queue).increment();
            listeners.forEach(l -> l.accept(queue));
        });
        subscriber.connect().onComplete(result -> {
            if (result.succeeded()) {
                LOG.debugf("Listening for queue activity on channel %s", Queues.CHANNEL);
            } else {
                LOG.warnf(result.cause(), "Cannot LISTEN on %s yet; consumers fall back to polling", Queues.CHANNEL);
            }
        });
    }

    /** Closes the listening connection. */
    public synchronized void stop() {
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }
}
