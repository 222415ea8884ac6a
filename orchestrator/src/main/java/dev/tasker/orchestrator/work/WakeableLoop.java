package dev.tasker.orchestrator.work;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A background thread that runs one round of work, then sleeps until the round's requested pause has passed or
 * {@link #wake()} is called (e.g. on a NOTIFY), whichever is first. A wake-up during a round makes the next round
 * start at once, so no notification is lost. A round that throws is logged and retried after its fallback pause.
 */
public final class WakeableLoop {

    private static final Logger LOG = Logger.getLogger(WakeableLoop.class);

    private final String name;
    private final Supplier<Duration> round;
    private final Duration pauseAfterFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param name              thread name
     * @param round             one round of work; returns how long to sleep before the next round at most
     * @param pauseAfterFailure sleep after a round that threw
     */
    public WakeableLoop(String name, Supplier<Duration> round, Duration pauseAfterFailure) {
        this.name = name;
        this.round = round;
        this.pauseAfterFailure = pauseAfterFailure;
    }

    /** Starts the thread (idempotent). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    /** Asks the loop to run its next round now. Safe from any thread; never blocks for long. */
    public void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread after its current round and waits up to {@code timeout} for it to end. */
    public void stop(Duration timeout) {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t == null) {
            return;
        }
        wake();
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            Duration pause;
            try {
                pause = round.get();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf(e, "%s: round failed; retrying in %d ms", name, pauseAfterFailure.toMillis());
                pause = pauseAfterFailure;
            }
            sleep(pause);
        }
    }

    private void sleep(Duration pause) {
        lock.lock();
        try {
            long nanos = pause.toNanos();
            while (!wakeRequested && running && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
