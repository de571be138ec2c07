package io.gatehouse.platform;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A management token created with a management token never outlives it and is revoked with it. */
@Tag("db")
class ManagementTokenParentTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResult create(Api api, String name, Instant expiresAt) {
        return api.post("/user/tokens", expiresAt == null ? Map.of("name", name) : Map.of("name", name, "expiresAt", expiresAt.toString()));
    }

    private static HttpResult created(Api api, String name, Instant expiresAt) {
        HttpResult r = create(api, name, expiresAt);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    @Test
    void aChildExpiresNoLaterThanItsParent() {
        Instant parentExpiry = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        HttpResult parent = created(server.owner().api(), "parent", parentExpiry);
        Api asParent = server.admin().as(parent.text("token"));

        HttpResult inherits = created(asParent, "inherits", null);
        assertThat(Instant.parse(inherits.text("expiresAt"))).as("no expiry asked: the parent's").isEqualTo(parentExpiry);
        assertThat(inherits.text("parentId")).isEqualTo(parent.text("id"));

        HttpResult longer = create(asParent, "outlives", parentExpiry.plus(Duration.ofDays(365)));
        assertThat(longer.status()).as(longer.toString()).isEqualTo(403);
        assertThat(longer.text("message")).contains("expiresAt").contains(parentExpiry.toString());

        Instant shorter = parentExpiry.minus(Duration.ofHours(1));
        assertThat(Instant.parse(created(asParent, "shorter", shorter).text("expiresAt"))).isEqualTo(shorter);

        // The grandchild is bound by its own parent, the child.
        Api asChild = server.admin().as(inherits.text("token"));
        assertThat(create(asChild, "grandchild", parentExpiry.plusSeconds(1)).status()).isEqualTo(403);

        HttpResult listed = server.owner().api().get("/user/tokens?take=100");
        assertThat(listed.json().path("tokens").findValues("parentId").stream().map(n -> n.asText(null)))
                .contains(parent.text("id"));
    }

    @Test
    void withoutAParentExpiryTheChildMayChooseAndASessionIsNoParent() {
        HttpResult parent = created(server.owner().api(), "forever", null);
        assertThat(parent.json().path("parentId").isNull()).isTrue();
        HttpResult child = created(server.admin().as(parent.text("token")), "child of forever", null);
        assertThat(child.json().path("expiresAt").isNull()).isTrue();
        assertThat(child.text("parentId")).isEqualTo(parent.text("id"));
    }

    @Test
    void revokingATokenRevokesEveryTokenCreatedWithIt() {
        Api owner = server.owner().api();
        HttpResult parent = created(owner, "root", null);
        HttpResult child = created(server.admin().as(parent.text("token")), "child", null);
        HttpResult grandchild = created(server.admin().as(child.text("token")), "grandchild", null);
        HttpResult unrelated = created(owner, "unrelated", null);
        for (HttpResult t : new HttpResult[] {parent, child, grandchild, unrelated}) {
            assertThat(server.admin().as(t.text("token")).get("/user/profile").status()).isEqualTo(200);
        }

        HttpResult revoked = owner.delete("/user/tokens/" + parent.text("id"));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.text("message")).contains("2 tokens created with it");
        for (HttpResult t : new HttpResult[] {parent, child, grandchild}) {
            assertThat(server.admin().as(t.text("token")).get("/user/profile").status()).as(t.text("name")).isEqualTo(401);
        }
        assertThat(server.admin().as(unrelated.text("token")).get("/user/profile").status()).isEqualTo(200);
        assertThat(owner.get("/user/tokens?take=100").body()).doesNotContain(child.text("id")).contains(unrelated.text("id"));
    }
}
