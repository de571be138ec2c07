package io.gatehouse.platform;

import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets the right 4xx with a clear message in the envelope, never a stack trace. */
@Tag("db")
class BadInputTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(HttpResult r, int status, String messagePart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("success").asBoolean(true)).isFalse();
        assertThat(r.text("message")).containsIgnoringCase(messagePart);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void malformedJson() {
        assertError(server.owner().api().send("POST", "/workspace", "{\"name\": ", "application/json"), 400, "Malformed JSON");
        assertError(server.admin().send("POST", "/user/login", "not json", "application/json"), 400, "Malformed JSON");
    }

    @Test
    void repeatedKeysAtAnyDepth() {
        assertError(server.owner().api().send("POST", "/workspace", "{\"name\":\"checked\",\"name\":\"stored\"}",
                "application/json"), 400, "Duplicate field 'name'");
        assertError(server.admin().send("POST", "/user/login", "{\"email\":\"a@b.test\",\"password\":\"x\",\"email\":\"c@d.test\"}",
                "application/json"), 400, "Duplicate field 'email'");
        String orgId = server.owner().orgId();
        assertError(server.owner().api().send("PUT", "/organization/" + orgId + "/settings",
                "{\"webhooks\":[{\"url\":\"https://hooks.example.com/a\",\"url\":\"http://127.0.0.1/b\"}]}", "application/json"),
                400, "Duplicate field 'url'");
        assertThat(server.owner().api().get("/workspace").body()).doesNotContain("checked").doesNotContain("stored");
    }

    @Test
    void wrongTypes() {
        assertError(server.owner().api().post("/workspace", Map.of("name", 42)), 400, "'name' must be a string");
        assertError(server.owner().api().post("/organization/users", Map.of("email", "a@b.test", "firstName", "A", "orgRole", "boss")),
                400, "'orgRole' must be a whole number");
        assertError(server.owner().api().send("POST", "/workspace", "[1,2]", "application/json"), 400, "JSON object");
    }

    @Test
    void missingAndInvalidFields() {
        assertError(server.owner().api().post("/workspace", Map.of()), 400, "name is required");
        assertError(server.owner().api().send("POST", "/workspace", null, "application/json"), 400, "JSON body is required");
        assertError(server.admin().post("/user/login", Map.of("email", "x@y.test")), 400, "password is required");
        assertError(server.owner().api().post("/organization/users", Map.of("email", "not-an-email", "firstName", "A")), 422, "e-mail");
        assertError(server.owner().api().post("/organization/users", Map.of("email", "a@b.test", "firstName", "A", "orgRole", 7)), 400, "orgRole must be one of");
        assertError(server.owner().api().post("/workspace", Map.of("name", "x".repeat(201))), 422, "at most 200");
        String ws = server.defaultWorkspace(server.owner());
        assertError(server.owner().api().post("/workspace/" + ws + "/users", Map.of("userId", server.owner().userId(), "role", "OWNER")),
                400, "READ, WRITE or ADMIN");
    }

    @Test
    void unknownIds() {
        assertError(server.owner().api().get("/workspace/" + UUID.randomUUID()), 404, "Workspace not found");
        assertError(server.owner().api().get("/workspace/not-a-uuid"), 404, "Workspace not found");
        assertError(server.owner().api().delete("/user/tokens/" + UUID.randomUUID()), 404, "Token not found");
        assertError(server.owner().api().get("/organization/users/" + UUID.randomUUID()), 404, "User not found");
    }

    @Test
    void oversizedBodies() {
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        HttpResult r = server.owner().api().send("POST", "/workspace", huge, "application/json");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("success").asBoolean(true)).isFalse();
    }

    @Test
    void deeplyNestedJson() {
        String deep = "{\"name\":\"x\",\"extra\":" + "[".repeat(500) + "]".repeat(500) + "}";
        assertError(server.owner().api().send("POST", "/workspace", deep, "application/json"), 400, "nested too deeply");
    }

    @Test
    void wrongContentType() {
        assertError(server.owner().api().send("POST", "/workspace", "{\"name\":\"x\"}", "text/plain"), 415, "application/json");
        assertError(server.owner().api().send("POST", "/workspace", "name=x", "application/x-www-form-urlencoded"), 415, "application/json");
    }

    @Test
    void unknownRoutesAndMethods() {
        assertError(server.owner().api().get("/no/such/thing"), 404, "No such endpoint");
        assertError(server.owner().api().send("PATCH", "/workspace", "{}", "application/json"), 405, "not allowed");
    }

    @Test
    void badQueryParameters() {
        assertError(server.owner().api().get("/systemevent?from_timestamp=yesterday"), 400, "ISO-8601");
        assertError(server.owner().api().get("/systemevent?context=nonsense"), 400, "context must be one of");
        assertError(server.owner().api().get("/systemevent?take=abc"), 400, "take must be a whole number");
    }
}
