package dev.tasker.orchestrator.db;

import dev.tasker.orchestrator.testing.ConsumersStopped;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema's indexes: each one earns the entry every insert writes into it. */
@QuarkusTest
@TestProfile(ConsumersStopped.class)
class IndexesTest {

    @Inject
    Database db;

    /**
     * A plain (not unique, not partial) B-tree index whose columns lead another index of the same table serves no
     * lookup the longer one does not (migration V24 dropped workflow_steps_by_task for this).
     */
    @Test
    void noPlainIndexOfATaskerTableIsAPrefixOfAnother() {
        List<String> redundant = db.list("SELECT i.indexrelid::regclass::text FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'tasker' AND NOT i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL"
                + " AND EXISTS (SELECT 1 FROM pg_index j WHERE j.indrelid = i.indrelid AND j.indexrelid <> i.indexrelid"
                + "   AND j.indpred IS NULL AND j.indexprs IS NULL AND j.indnkeyatts >= i.indnkeyatts"
                + "   AND (j.indkey::int2[])[0:i.indnkeyatts - 1] = (i.indkey::int2[])[0:i.indnkeyatts - 1])"
                + " ORDER BY 1", row -> row.getString(0));
        assertThat(redundant).isEmpty();
    }
}
