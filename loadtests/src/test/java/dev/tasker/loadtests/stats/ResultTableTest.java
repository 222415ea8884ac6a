package dev.tasker.loadtests.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultTableTest {

    @Test
    void rendersPaddedMarkdown() {
        String table = new ResultTable("benchmark", "rate")
                .row("linear-4", ResultTable.rate(812.4, "steps"))
                .row("PGMQ single", ResultTable.rate(3000, "msgs"))
                .render();

        assertThat(table).isEqualTo("""
                | benchmark   | rate        |
                | ----------- | ----------- |
                | linear-4    | 812 steps/s |
                | PGMQ single | 3000 msgs/s |
                """);
    }

    @Test
    void latencyRowHoldsCountPercentilesAndMax() {
        LatencySummary summary = new LatencySummary(100, 12.34, 20.0, 30.06, 41.0, 13.0);

        String table = new ResultTable("benchmark", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "rate")
                .latencyRow("linear-4", summary, "")
                .render();

        assertThat(table.lines().toList().get(2)).isEqualTo("| linear-4  | 100 | 12.3   | 20.0   | 30.1   | 41.0   |      |");
    }

    @Test
    void rowWithWrongCellCountIsRejected() {
        ResultTable table = new ResultTable("a", "b");

        assertThatThrownBy(() -> table.row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row has 1 cells, table has 2 columns");
    }
}
