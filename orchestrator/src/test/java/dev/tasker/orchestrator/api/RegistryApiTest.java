package dev.tasker.orchestrator.api;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.tasker.orchestrator.testing.TestModules;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The template and handler registry endpoints (API.md §2). */
@QuarkusTest
class RegistryApiTest {

    private static final String PROBLEM = "application/problem+json";

    private static byte[] yaml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String template(String version, String description) {
        return """
                name: registry_demo
                namespace_name: registry
                version: %s
                description: %s
                steps:
                  - name: first
                    handler: {callable: test_handler}
                  - name: second
                    depends_on: [first]
                    handler: {callable: test_handler, initialization: {add: 2}}
                """.formatted(version, description);
    }

    @Test
    void registersTemplatesIdempotentlyAndImmutably() {
        given().contentType("application/yaml").body(yaml(template("1.0.0", "v1"))).post("/v1/templates").then()
                .statusCode(201).body("namespace", equalTo("registry")).body("name", equalTo("registry_demo"))
                .body("version", equalTo("1.0.0")).body("key", equalTo("registry/registry_demo@1.0.0"))
                .body("step_count", equalTo(2)).body("steps", contains("first", "second"));
        given().contentType("text/plain").body(yaml(template("1.0.0", "v1"))).post("/v1/templates").then()
                .statusCode(200).body("key", equalTo("registry/registry_demo@1.0.0"));
        given().contentType("application/yaml").body(yaml(template("1.0.0", "changed"))).post("/v1/templates").then()
                .statusCode(409).contentType(PROBLEM).body("type", equalTo("https://tasker.dev/problems/template-conflict"));
    }

    @Test
    void servesTheLatestVersionBySemverOrTheOneAskedFor() {
        for (String version : new String[] {"2.0.0", "2.10.0", "2.9.1", "2.10.0-rc.1"}) {
            given().contentType("application/yaml").body(yaml(template(version, "v" + version)
                    .replace("registry_demo", "versioned"))).post("/v1/templates").then().statusCode(201);
        }
        given().get("/v1/templates/registry/versioned").then().statusCode(200)
                .body("version", equalTo("2.10.0")).body("namespace_name", equalTo("registry"))
                .body("steps[1].dependencies", contains("first")).body("steps[1].handler.initialization.add", equalTo(2))
                .body("steps[0].retry.max_attempts", equalTo(3));
        given().get("/v1/templates/registry/versioned?version=2.9.1").then().statusCode(200).body("description", equalTo("v2.9.1"));
        given().get("/v1/templates").then().statusCode(200)
                .body("findAll { it.name == 'versioned' }.version", contains("2.0.0", "2.9.1", "2.10.0-rc.1", "2.10.0"))
                .body("find { it.version == '2.9.1' && it.name == 'versioned' }.step_count", equalTo(2));
        given().get("/v1/templates/registry/missing").then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("instance", equalTo("/v1/templates/registry/missing"));
    }

    @Test
    void rejectsInvalidTemplatesWithLocatedErrors() {
        given().contentType("application/yaml").body(yaml("""
                name: broken
                namespace_name: registry
                version: 1.0.0
                steps:
                  - name: a
                    dependencies: [nowhere]
                    handler: {callable: test_handler}
                """)).post("/v1/templates").then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("https://tasker.dev/problems/invalid-template"))
                .body("errors[0].source", equalTo("<api>")).body("errors[0].line", equalTo(6))
                .body("errors[0].field", startsWith("steps[0].dependencies")).body("errors[0].message", notNullValue());
        given().contentType("application/yaml").body(yaml("name: [unclosed")).post("/v1/templates").then()
                .statusCode(400).contentType(PROBLEM).body("errors", hasSize(1));
    }

    @Test
    void storesHandlerVersionsByDigestWithOneLive() {
        byte[] first = TestModules.testHandler();
        byte[] other = Wat2Wasm.parse("(module (memory (export \"memory\") 1) (func (export \"_start\")))");

        String digest = given().contentType("application/wasm").body(first).post("/v1/handlers/registry-demo/versions")
                .then().statusCode(201).body("name", equalTo("registry-demo")).body("created", is(true))
                .body("live", is(true)).body("size_bytes", equalTo(first.length)).body("created_at", notNullValue())
                .body("digest", startsWith("sha256:")).extract().path("digest");
        given().contentType("application/octet-stream").body(first).post("/v1/handlers/registry-demo/versions").then()
                .statusCode(200).body("created", is(false)).body("digest", equalTo(digest));
        String second = given().contentType("application/wasm").body(other).queryParam("activate", false)
                .post("/v1/handlers/registry-demo/versions").then().statusCode(201).body("live", is(false))
                .extract().path("digest");

        given().get("/v1/handlers").then().statusCode(200)
                .body("find { it.name == 'registry-demo' }.live_digest", equalTo(digest))
                .body("find { it.name == 'registry-demo' }.version_count", equalTo(2))
                .body("find { it.name == 'registry-demo' }.updated_at", notNullValue());
        given().get("/v1/handlers/registry-demo/versions").then().statusCode(200)
                .body("digest", contains(second, digest)).body("live", contains(false, true));

        given().contentType("application/json").body("{\"digest\": \"" + second + "\"}")
                .put("/v1/handlers/registry-demo/live").then().statusCode(200)
                .body("name", equalTo("registry-demo")).body("live_digest", equalTo(second));
        given().get("/v1/handlers/registry-demo/versions").then().body("live", contains(true, false));
        given().contentType("application/json").body("{\"digest\": \"sha256:" + "1".repeat(64) + "\"}")
                .put("/v1/handlers/registry-demo/live").then().statusCode(404).contentType(PROBLEM);
        given().get("/v1/handlers/never-deployed/versions").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void rejectsInvalidModulesWithTheirReason() {
        given().contentType("application/wasm").body("not a module".getBytes(StandardCharsets.UTF_8))
                .post("/v1/handlers/bad-module/versions").then().statusCode(422).contentType(PROBLEM)
                .body("reason", equalTo("NOT_WEBASSEMBLY")).body("detail", notNullValue());
        byte[] importsEnv = Wat2Wasm.parse("(module (import \"env\" \"f\" (func)) (memory (export \"memory\") 1)"
                + " (func (export \"_start\")))");
        given().contentType("application/wasm").body(importsEnv).post("/v1/handlers/bad-module/versions").then()
                .statusCode(422).body("reason", equalTo("FORBIDDEN_IMPORT"));
        given().contentType("application/wasm").body(TestModules.testHandler()).post("/v1/handlers/Bad Name!/versions")
                .then().statusCode(400).contentType(PROBLEM);
        given().get("/v1/handlers").then().body("name", org.hamcrest.Matchers.not(hasItem("bad-module")));
    }

    @Test
    void templatesFromTheConfiguredDirectoryAreRegisteredAtStart() {
        given().get("/v1/templates/startup/greeting").then().statusCode(200)
                .body("description", equalTo("One step, loaded from tasker.templates.dir at start."))
                .body("input_schema", nullValue());
    }
}
