package io.gatehouse.gateway;

import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Invalid keys from one address are throttled; valid keys from the same address never are. */
@Tag("db")
class KeyThrottleTest {

    @Test
    void invalidKeysAreThrottledButAValidKeyFromTheSameAddressStillPasses() {
        try (TestServer server = TestServer.start(Map.of("gateway.key.max.failures", "5"))) {
            String repo = PlatformCalls.repo(server.owner().api(), server.defaultWorkspace(server.owner()), "shared-nat");
            GatewayWorld.Key key = GatewayWorld.key(server, repo, "valid");

            HttpResult last = null;
            for (int i = 0; i < 6; i++) {
                last = server.gateway("ghk_guess" + i + "x".repeat(40)).get("/v1/models");
            }
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.header("retry-after")).isNotNull();
            assertThat(last.json().path("error").path("code").asText()).isEqualTo("too_many_invalid_keys");

            assertThat(server.gateway(key.secret()).get("/v1/models").status()).isEqualTo(200);
            assertThat(server.gateway("ghk_after" + "x".repeat(40)).get("/v1/models").status()).isEqualTo(429);
            assertThat(server.gateway(null).get("/v1/models").status()).isEqualTo(429);
        }
    }
}
