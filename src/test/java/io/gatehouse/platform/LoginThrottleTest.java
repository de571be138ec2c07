package io.gatehouse.platform;

import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("db")
class LoginThrottleTest {

    @Test
    void repeatedFailuresFromOneSourceAreRefusedWith429() {
        try (TestServer server = TestServer.start(Map.of("auth.login.max.failures", "5", "auth.token.max.failures", "5"))) {
            HttpResult last = null;
            for (int i = 0; i < 6; i++) {
                last = server.admin().post("/user/login", Map.of("email", "victim@gatehouse.test", "password", "guess-" + i + "-guess"));
            }
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.header("Retry-After")).isNotNull();
            assertThat(last.json().path("success").asBoolean(true)).isFalse();
            // Until the window passes, even the right password is refused from that source.
            assertThat(server.admin().post("/user/login", Map.of("email", TestServer.OWNER_EMAIL,
                    "password", TestServer.OWNER_PASSWORD)).status()).isEqualTo(429);

            // Guessing tokens is throttled the same way.
            HttpResult guess = null;
            for (int i = 0; i < 6; i++) {
                guess = server.admin().as("ghm_guess" + i + "x".repeat(39)).get("/workspace");
            }
            assertThat(guess.status()).isEqualTo(429);
        }
    }
}
