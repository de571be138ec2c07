package io.gatehouse.platform;

import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed sign-ins and tokens from one address are throttled; the valid ones from the same address never are. */
@Tag("db")
class LoginThrottleTest {

    @Test
    void failedSignInsAreThrottledButTheRightPasswordStillSignsIn() {
        try (TestServer server = TestServer.start(Map.of("auth.login.max.failures", "5"))) {
            HttpResult last = null;
            for (int i = 0; i < 6; i++) {
                last = server.admin().post("/user/login", Map.of("email", "victim@gatehouse.test", "password", "guess-" + i + "-guess"));
            }
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.header("Retry-After")).isNotNull();
            assertThat(last.json().path("success").asBoolean(true)).isFalse();

            // A colleague behind the same address signs in with the right password...
            assertThat(server.admin().post("/user/login", Map.of("email", TestServer.OWNER_EMAIL,
                    "password", TestServer.OWNER_PASSWORD)).status()).isEqualTo(200);
            // ...which forgives nothing: the next guess from that address is still throttled.
            assertThat(server.admin().post("/user/login", Map.of("email", TestServer.OWNER_EMAIL,
                    "password", "one-more-guess")).status()).isEqualTo(429);
        }
    }

    @Test
    void invalidTokensAreThrottledButValidOnesStillPass() {
        try (TestServer server = TestServer.start(Map.of("auth.token.max.failures", "5"))) {
            TestServer.Session owner = server.owner();
            String managementToken = owner.api().post("/user/tokens", Map.of("name", "ci")).text("token");

            HttpResult guess = null;
            for (int i = 0; i < 6; i++) {
                guess = server.admin().as("ghm_guess" + i + "x".repeat(39)).get("/workspace");
            }
            assertThat(guess.status()).isEqualTo(429);
            assertThat(server.admin().as("not-a-jwt").get("/workspace").status()).isEqualTo(429);

            assertThat(owner.api().get("/workspace").status()).isEqualTo(200);
            assertThat(server.admin().as(managementToken).get("/workspace").status()).isEqualTo(200);
            assertThat(server.admin().as("ghm_guess-after" + "x".repeat(34)).get("/workspace").status()).isEqualTo(429);
        }
    }
}
