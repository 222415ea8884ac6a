package dev.tasker.orchestrator.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasourceUrlsTest {

    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    private static final String USERNAME = "quarkus.datasource.username";
    private static final String PASSWORD = "quarkus.datasource.password";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            postgresql://db:5432/tasker                                  | jdbc:postgresql://db:5432/tasker                   | -        | -
            postgresql://db/tasker                                       | jdbc:postgresql://db/tasker                        | -        | -
            postgres://db/tasker                                         | jdbc:postgresql://db/tasker                        | -        | -
            vertx-reactive:postgresql://db:5432/tasker                   | jdbc:postgresql://db:5432/tasker                   | -        | -
            postgresql://postgres@db:5432/tasker                         | jdbc:postgresql://db:5432/tasker                   | postgres | -
            postgresql://postgres@db/tasker                              | jdbc:postgresql://db/tasker                        | postgres | -
            postgresql://user:secret@db:6543/tasker                      | jdbc:postgresql://db:6543/tasker                   | user     | secret
            postgresql://user:secret@db/tasker                           | jdbc:postgresql://db/tasker                        | user     | secret
            vertx-reactive:postgresql://user:secret@db:5432/tasker       | jdbc:postgresql://db:5432/tasker                   | user     | secret
            postgresql://db:5432/tasker?sslmode=require                  | jdbc:postgresql://db:5432/tasker?sslmode=require   | -        | -
            postgresql://user:secret@db/tasker?sslmode=require&x=a%20b  | jdbc:postgresql://db/tasker?sslmode=require&x=a%20b | user    | secret
            vertx-reactive:postgres://postgres@db:5432/t?sslmode=require | jdbc:postgresql://db:5432/t?sslmode=require        | postgres | -
            postgresql://user:@db/tasker                                 | jdbc:postgresql://db/tasker                        | user     | ''
            postgresql://user:p%40ss%3Aw%2Frd@db/tasker                  | jdbc:postgresql://db/tasker                        | user     | p@ss:w/rd
            postgresql://us%65r:pa:ss@db/tasker                          | jdbc:postgresql://db/tasker                        | user     | pa:ss
            postgresql://user@[::1]:5432/tasker                          | jdbc:postgresql://[::1]:5432/tasker                | user     | -
            postgresql://user@my_db:5432/tasker                          | jdbc:postgresql://my_db:5432/tasker                | user     | -
            postgresql://user@/tasker                                    | jdbc:postgresql://localhost/tasker                 | user     | -
            postgresql:///tasker                                         | jdbc:postgresql://localhost/tasker                 | -        | -
            postgresql://db                                              | jdbc:postgresql://db                               | -        | -
            """)
    void derivesJdbcSettingsFromEveryReactiveUrlShape(String reactive, String jdbc, String user, String password) {
        Map<String, String> values = DatasourceUrls.jdbcFromReactive(reactive);

        assertThat(values).containsEntry(JDBC_URL, jdbc);
        if (user == null) {
            assertThat(values).doesNotContainKey(USERNAME);
        } else {
            assertThat(values).containsEntry(USERNAME, user);
        }
        if (password == null) {
            assertThat(values).doesNotContainKey(PASSWORD);
        } else {
            assertThat(values).containsEntry(PASSWORD, password);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mysql://db/tasker                     | scheme must be 'postgresql' or 'postgres', got 'mysql'
            db:5432/tasker                        | scheme must be 'postgresql' or 'postgres', got 'db'
            //db/tasker                           | scheme must be 'postgresql' or 'postgres', got none
            postgresql:db/tasker                  | expected '//' after the scheme
            postgresql:/tasker                    | expected '//' after the scheme
            postgresql://db:port/tasker           | port must be a number in 1..65535, got 'port'
            postgresql://db:70000/tasker          | port must be a number in 1..65535, got '70000'
            postgresql://db:/tasker               | port must be a number in 1..65535, got ''
            postgresql://db/tasker#main           | a fragment ('#...') is not allowed
            postgresql://u:s%zz@db/tasker         | Malformed escape pair at character 17
            """)
    void rejectsMalformedReactiveUrlNamingTheProperty(String reactive, String reason) {
        assertThatThrownBy(() -> DatasourceUrls.jdbcFromReactive(reactive))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("quarkus.datasource.reactive.url is not a valid URL of the form "
                        + "postgresql://[user[:password]@]host[:port][/database][?param=value&...]: ")
                .hasMessageEndingWith(reason);
    }

    @Test
    void syntaxErrorNamesPositionButNotThePassword() {
        assertThatThrownBy(() -> DatasourceUrls.jdbcFromReactive("postgresql://user:topsecret@db/my db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("quarkus.datasource.reactive.url is not a valid URL")
                .hasMessageEndingWith("Illegal character in path at character 34")
                .hasMessageNotContaining("topsecret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db:5432/tasker", "jdbc:postgresql://db/tasker?user=u&sslmode=require"})
    void derivesReactiveUrlByDroppingJdbcPrefix(String jdbc) {
        assertThat(DatasourceUrls.reactiveFromJdbc(jdbc)).isEqualTo(jdbc.substring("jdbc:".length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://db/tasker", "postgresql://db/tasker", "jdbc:postgresql:tasker"})
    void rejectsJdbcUrlItCannotConvertNamingTheProperty(String jdbc) {
        assertThatThrownBy(() -> DatasourceUrls.reactiveFromJdbc(jdbc))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quarkus.datasource.jdbc.url must start with 'jdbc:postgresql://' to derive "
                        + "quarkus.datasource.reactive.url from it; set both URLs explicitly otherwise");
    }
}
