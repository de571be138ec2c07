package io.gatehouse.crypto;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretScrubAndReloadTest {

    @Test
    void scrubRemovesTheSecretAndLongRunsOfItButKeepsTheRest() {
        Secret secret = new Secret("sk-proj-abcdefghijklmnop1234");
        assertThat(secret.scrub("Incorrect API key provided: sk-proj-ab**************1234. See the docs."))
                .isEqualTo("Incorrect API key provided: *****************1234. See the docs.");
        assertThat(secret.scrub("key=sk-proj-abcdefghijklmnop1234, again sk-proj-abcdefghijklmnop1234"))
                .isEqualTo("key=***, again ***");
        assertThat(secret.scrub("the middle: ghijklm")).isEqualTo("the middle: ***");
        assertThat(secret.scrub("nothing to hide (1234)")).isEqualTo("nothing to hide (1234)");
        assertThat(secret.scrub(null)).isNull();
        assertThat(new Secret("abc").scrub("xabcx")).isEqualTo("x***x");
    }

    @Test
    void aBoxReloadsItsKeyringOnceWhenItMeetsAnUnknownVersion() {
        MasterKeyring v1 = MasterKeyring.parse("1:" + Base64.getEncoder().encodeToString(Tokens.randomBytes(32)), "test");
        MasterKeyring v2 = v1.withNewVersion();
        AtomicReference<MasterKeyring> source = new AtomicReference<>(v1);
        AtomicInteger reloads = new AtomicInteger();
        SecretBox running = new SecretBox(v1, () -> {
            reloads.incrementAndGet();
            return source.get();
        });
        String sealedUnderV2 = new SecretBox(v2).seal("provider-key", "aillm/x");

        // The source does not have version 2 yet: one reload, then a clear failure.
        assertThatThrownBy(() -> running.open(sealedUnderV2, "aillm/x")).isInstanceOf(KeyringException.class)
                .hasMessageContaining("version 2");
        assertThat(reloads).hasValue(1);

        source.set(v2);
        assertThat(running.open(sealedUnderV2, "aillm/x").reveal()).isEqualTo("provider-key");
        assertThat(reloads).hasValue(2);
        assertThat(running.keyring().primaryVersion()).isEqualTo(2);
        assertThat(SecretBox.keyVersion(running.seal("new", "aillm/y"))).isEqualTo(2);
        running.open(sealedUnderV2, "aillm/x");
        assertThat(reloads).hasValue(2);
    }
}
