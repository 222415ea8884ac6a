package dev.tasker.orchestrator.api;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.tasker.orchestrator.db.Database;
import dev.tasker.orchestrator.testing.TestModules;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Per-version resource limits on upload ({@code memory_mb}, {@code timeout_ms}): stored, echoed, validated, immutable. */
@QuarkusTest
class HandlerLimitsApiTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Database db;

    private static RequestSpecification module(byte[] bytes) {
        return given().contentType("application/wasm").body(bytes);
    }

    @Test
    void limitsAreStoredWithTheVersionAndEchoedInUploadListAndVersions() {
        byte[] bytes = TestModules.testHandler();
        String digest = module(bytes).queryParam("memory_mb", 4).queryParam("timeout_ms", 1500)
                .post("/v1/handlers/limits-echo/versions").then().statusCode(201)
                .body("limits.memory_mb", equalTo(4)).body("limits.timeout_ms", equalTo(1500))
                .extract().path("digest");
        byte[] other = Wat2Wasm.parse("(module (memory (export \"memory\") 1) (func (export \"_start\")))");
        module(other).queryParam("activate", false).post("/v1/handlers/limits-echo/versions").then().statusCode(201)
                .body("limits.memory_mb", nullValue()).body("limits.timeout_ms", nullValue());

        given().get("/v1/handlers/limits-echo/versions").then().statusCode(200)
                .body("find { it.digest == '" + digest + "' }.limits.memory_mb", equalTo(4))
                .body("find { it.digest == '" + digest + "' }.limits.timeout_ms", equalTo(1500))
                .body("find { it.digest != '" + digest + "' }.limits.memory_mb", nullValue());
        given().get("/v1/handlers").then().statusCode(200)
                .body("find { it.name == 'limits-echo' }.live_digest", equalTo(digest))
                .body("find { it.name == 'limits-echo' }.live_limits.memory_mb", equalTo(4))
                .body("find { it.name == 'limits-echo' }.live_limits.timeout_ms", equalTo(1500));
        assertStoredLimits("limits-echo", digest, 64, 1500L);
    }

    @Test
    void aStoredVersionsLimitsNeverChange() {
        byte[] bytes = TestModules.testHandler();
        String digest = module(bytes).queryParam("timeout_ms", 500).post("/v1/handlers/limits-immutable/versions")
                .then().statusCode(201).extract().path("digest");
        // the same limits again, or none given: the stored version, unchanged
        module(bytes).queryParam("timeout_ms", 500).post("/v1/handlers/limits-immutable/versions").then()
                .statusCode(200).body("created", is(false)).body("limits.timeout_ms", equalTo(500));
        module(bytes).post("/v1/handlers/limits-immutable/versions").then().statusCode(200)
                .body("created", is(false)).body("limits.timeout_ms", equalTo(500)).body("limits.memory_mb", nullValue());
        // a different limit: 409 naming the stored limits, and nothing changes
        module(bytes).queryParam("timeout_ms", 2000).post("/v1/handlers/limits-immutable/versions").then()
                .statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://tasker.dev/problems/handler-limits-conflict"))
                .body("existing_limits.timeout_ms", equalTo(500)).body("existing_limits.memory_mb", nullValue())
                .body("detail", containsString("timeout_ms=500")).body("detail", containsString("timeout_ms=2000"));
        module(bytes).queryParam("memory_mb", 8).post("/v1/handlers/limits-immutable/versions").then()
                .statusCode(409).body("detail", containsString("memory_mb=8"));
        assertStoredLimits("limits-immutable", digest, null, 500L);
        // the same bytes under another name are another version, with limits of its own
        module(bytes).queryParam("timeout_ms", 2000).post("/v1/handlers/limits-immutable-other/versions").then()
                .statusCode(201).body("digest", equalTo(digest)).body("limits.timeout_ms", equalTo(2000));
    }

    @Test
    void invalidLimitsAreRefusedWithTheParameterNamed() {
        byte[] bytes = TestModules.testHandler();
        String[][] cases = {
                {"memory_mb", "0", "between 1 and 16"},
                {"memory_mb", "17", "tasker.runtime.max-memory-pages = 256 pages"},
                {"memory_mb", "64MB", "whole number"},
                {"timeout_ms", "-5", "between 1 and 3600000"},
                {"timeout_ms", "3600001", "between 1 and 3600000"},
                {"timeout_ms", "1.5", "whole number"}};
        for (String[] c : cases) {
            module(bytes).queryParam(c[0], c[1]).post("/v1/handlers/limits-invalid/versions").then()
                    .statusCode(422).contentType(PROBLEM)
                    .body("type", equalTo("https://tasker.dev/problems/invalid-handler-limit"))
                    .body("parameter", equalTo(c[0])).body("detail", containsString(c[0]))
                    .body("detail", containsString(c[2]));
        }
        given().get("/v1/handlers/limits-invalid/versions").then().statusCode(404);
    }

    @Test
    void aModuleIsValidatedAgainstItsOwnMemoryLimit() {
        byte[] twoMib = Wat2Wasm.parse("(module (memory (export \"memory\") 32) (func (export \"_start\")))");
        module(twoMib).queryParam("memory_mb", 1).post("/v1/handlers/limits-too-big/versions").then()
                .statusCode(422).contentType(PROBLEM).body("reason", equalTo("MEMORY_TOO_LARGE"))
                .body("detail", containsString("32 initial pages")).body("detail", containsString("memory_mb=1"));
        given().get("/v1/handlers/limits-too-big/versions").then().statusCode(404);
        module(twoMib).queryParam("memory_mb", 2).post("/v1/handlers/limits-too-big/versions").then()
                .statusCode(201).body("limits.memory_mb", equalTo(2));
    }

    /** Reads the row itself, so the test sees what is stored (pages), not only what the API echoes. */
    private void assertStoredLimits(String name, String digest, Integer pages, Long timeoutMs) {
        String stored = db.first("SELECT max_memory_pages, timeout_ms FROM tasker.handler_versions"
                        + " WHERE name = $1 AND digest = $2",
                row -> row.getInteger(0) + "/" + row.getLong(1), name, digest).orElseThrow();
        assertThat(stored).isEqualTo(pages + "/" + timeoutMs);
    }
}
