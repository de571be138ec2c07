package io.gatehouse.gateway.snapshot;

import io.gatehouse.crypto.Tokens;
import io.gatehouse.route.RepoRoutes;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyAuthenticatorTest {
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);

    @Test
    void findsLiveKeysByHashAndRefusesExpiredOnes() {
        RepoRoutes repo = new RepoRoutes("r", "o", "w", "repo", false, List.of());
        KeyEntry live = new KeyEntry("live", "live", repo, Long.MAX_VALUE, null, null);
        KeyEntry expired = new KeyEntry("old", "old", repo, CLOCK.millis(), null, null);
        GatewaySnapshot snapshot = new GatewaySnapshot(1, Map.of(Tokens.hash("ghk_live"), live, Tokens.hash("ghk_old"), expired), Map.of(),
                io.gatehouse.policy.PolicySets.NONE);
        KeyAuthenticator auth = new KeyAuthenticator(CLOCK);
        assertThat(auth.authenticate(snapshot, "ghk_live")).isSameAs(live);
        assertThat(auth.authenticate(snapshot, "ghk_old")).isNull();
        assertThat(auth.authenticate(snapshot, "ghk_unknown")).isNull();
        assertThat(auth.authenticate(snapshot, null)).isNull();
    }

    @Test
    void readsBearerOrApiKeyHeaders() {
        assertThat(KeyAuthenticator.presented("Bearer ghk_a", null)).isEqualTo("ghk_a");
        assertThat(KeyAuthenticator.presented("bearer  ghk_a ", "ghk_b")).isEqualTo("ghk_a");
        assertThat(KeyAuthenticator.presented(null, "ghk_b")).isEqualTo("ghk_b");
        assertThat(KeyAuthenticator.presented("Basic xyz", null)).isNull();
    }
}
