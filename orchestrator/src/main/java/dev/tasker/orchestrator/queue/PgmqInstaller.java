package dev.tasker.orchestrator.queue;

import dev.tasker.orchestrator.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Makes PGMQ available in Tasker's database at start (DESIGN §5).
 *
 * <ul>
 *   <li>The {@code pgmq} extension is installed: use it.</li>
 *   <li>It is available ({@code pg_available_extensions}) and no {@code pgmq} schema exists yet:
 *       {@code CREATE EXTENSION pgmq}.</li>
 *   <li>Otherwise: install (or refresh) Tasker's PGMQ-compatible schema, {@code pgmq/tasker-pgmq-compat.sql}.
 *       A database that already holds that schema keeps it even if the extension becomes available later;
 *       migrating to the extension is an operator's decision (drop schema {@code pgmq} after draining the queues).</li>
 * </ul>
 * Then creates the {@value Queues#STEP_RESULTS} queue. Runs under a transaction-scoped advisory lock so that
 * orchestrator instances starting together do not race.
 */
@ApplicationScoped
public class PgmqInstaller {

    private static final Logger LOG = Logger.getLogger(PgmqInstaller.class);
    private static final String COMPAT_SCRIPT = "/pgmq/tasker-pgmq-compat.sql";

    /** How PGMQ is provided. */
    public enum Mode {
        /** The {@code pgmq} PostgreSQL extension. */
        EXTENSION,
        /** Tasker's compatible schema. */
        COMPATIBLE_SCHEMA
    }

    private final Database db;
    private volatile Mode mode;

    public PgmqInstaller(Database db) {
        this.db = db;
    }

    /**
     * Installs PGMQ as described above and creates the step results queue.
     *
     * @return how PGMQ is provided
     * @throws io.vertx.pgclient.PgException when the database refuses (e.g. missing privileges)
     */
    public Mode install() {
        Mode installed = db.transaction(tx -> {
            tx.query("SELECT pg_advisory_xact_lock(hashtext('tasker.pgmq.install'))");
            boolean extensionInstalled = exists(tx, "SELECT 1 FROM pg_extension WHERE extname = 'pgmq'");
            Mode result;
            if (extensionInstalled) {
                result = Mode.EXTENSION;
            } else if (exists(tx, "SELECT 1 FROM pg_available_extensions WHERE name = 'pgmq'")
                    && !exists(tx, "SELECT 1 FROM pg_namespace WHERE nspname = 'pgmq'")) {
                tx.query("CREATE EXTENSION pgmq");
                result = Mode.EXTENSION;
            } else {
                tx.script(compatScript());
                result = Mode.COMPATIBLE_SCHEMA;
            }
            Queues.create(tx, Queues.STEP_RESULTS);
            return result;
        });
        mode = installed;
        LOG.infof("PGMQ ready (%s)", installed == Mode.EXTENSION ? "pgmq extension" : "Tasker's PGMQ-compatible schema");
        return installed;
    }

    /** @return how PGMQ is provided, or {@code null} before {@link #install()} ran. */
    public Mode mode() {
        return mode;
    }

    private static boolean exists(dev.tasker.orchestrator.db.SqlExecutor sql, String query) {
        return sql.query(query).size() > 0;
    }

    private static String compatScript() {
        try (InputStream in = PgmqInstaller.class.getResourceAsStream(COMPAT_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(COMPAT_SCRIPT + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
