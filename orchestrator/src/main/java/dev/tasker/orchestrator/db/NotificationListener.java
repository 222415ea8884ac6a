package dev.tasker.orchestrator.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The orchestrator's one dedicated PostgreSQL connection for {@code LISTEN} (a Vert.x {@link PgSubscriber}): other
 * components {@link #subscribe} to NOTIFY channels and receive each notification's payload. Channels in use:
 * {@code tasker_queue_activity} (a queue received messages: wakes its consumer) and {@code tasker_task_finished}
 * (a task reached a terminal state: wakes long-polls of that task).
 *
 * <p>The connection reconnects every {@value #RECONNECT_DELAY_MS} ms after a loss and then listens on every
 * subscribed channel again. Notifications sent while it is disconnected are lost (PostgreSQL does not queue them for
 * absent listeners): every subscriber must have a fallback (the consumers' polls, the long-poll's periodic re-read).
 */
@ApplicationScoped
public class NotificationListener {

    private static final Logger LOG = Logger.getLogger(NotificationListener.class);
    private static final long RECONNECT_DELAY_MS = 1000;

    private record Subscription(String channel, Consumer<String> handler) {
    }

    private final Vertx vertx;
    private final String reactiveUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private PgSubscriber subscriber;

    public NotificationListener(Vertx vertx,
                                @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
                                @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                                @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
    }

    /**
     * Subscribes to a channel; before or after {@link #start()} (after it, the {@code LISTEN} is sent at once).
     *
     * @param channel the NOTIFY channel, a lower-case SQL identifier such as {@code tasker_task_finished}
     * @param handler called with the payload of every notification on the channel, on a Vert.x event-loop thread:
     *                it must not block
     */
    public synchronized void subscribe(String channel, Consumer<String> handler) {
        Subscription subscription = new Subscription(channel, handler);
        subscriptions.add(subscription);
        if (subscriber != null) {
            attach(subscription);
        }
    }

    /**
     * Calls this instance's handlers of a channel with a payload, as a notification received on it would (used by
     * {@link NotificationPublisher} for this instance's own signals, so local consumers do not wait for the
     * NOTIFY's round trip).
     *
     * @param channel the channel
     * @param payload the payload
     */
    public void deliverLocally(String channel, String payload) {
        List<Subscription> matching;
        synchronized (this) {
            matching = subscriptions.stream().filter(s -> s.channel().equals(channel)).toList();
        }
        matching.forEach(s -> s.handler().accept(payload));
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
        subscriptions.forEach(this::attach);
        subscriber.connect().onComplete(result -> {
            if (result.succeeded()) {
                LOG.debugf("Listening on %s", channels());
            } else {
                LOG.warnf(result.cause(), "Cannot LISTEN on %s yet; subscribers fall back to polling", channels());
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

    private void attach(Subscription subscription) {
        subscriber.channel(subscription.channel()).handler(subscription.handler()::accept);
    }

    private synchronized List<String> channels() {
        return subscriptions.stream().map(Subscription::channel).distinct().toList();
    }
}
