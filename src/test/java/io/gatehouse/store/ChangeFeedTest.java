package io.gatehouse.store;

import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Changes the gateway caches move the change feed; others (sign-ins, users) do not. */
@Tag("db")
class ChangeFeedTest {

    @Test
    void gatewayRelevantChangesBumpTheVersion() {
        try (TestServer server = TestServer.start()) {
            var jdbi = server.node().database().jdbi();
            var owner = server.owner();
            long start = ChangeFeed.version(jdbi);

            server.createUser(owner, 0);
            assertThat(ChangeFeed.version(jdbi)).as("users and sign-ins are not cached by the gateway").isEqualTo(start);

            String ws = server.defaultWorkspace(owner);
            String repo = owner.api().post("/repo", Map.of("name", "feed-repo", "workspaceId", ws)).text("repoId");
            long afterRepo = ChangeFeed.version(jdbi);
            assertThat(afterRepo).isGreaterThan(start);

            owner.api().post("/repo/" + repo + "/ai/apikey", Map.of("name", "k"));
            assertThat(ChangeFeed.version(jdbi)).isGreaterThan(afterRepo);
        }
    }
}
