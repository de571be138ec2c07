package io.gatehouse.crypto;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
    void scrubHidesEveryFormOfTheSecretAProviderMightEcho() {
        String key = "sk-proj-Zq81Lmv0Pa9sTr2XyW7cB4nE";
        Secret secret = new Secret(key);
        for (String echoed : List.of("Authorization: Bearer " + key, "x-api-key: " + key, "key " + key.substring(9, 17) + " unknown",
                "prefix " + key.substring(0, 8) + "…", "…" + key.substring(key.length() - 8))) {
            String scrubbed = secret.scrub(echoed);
            assertThat(scrubbed).contains("***");
            for (int i = 0; i + 6 <= key.length(); i++) {
                assertThat(scrubbed).doesNotContain(key.substring(i, i + 6));
            }
        }
        assertThat(secret.scrub("Bearer " + key)).isEqualTo("Bearer ***");
    }

    /** The linear scrub hides exactly what comparing every position with every run of the secret hides. */
    @Test
    void scrubAgreesWithTheQuadraticDefinition() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            String value = randomText(random, 1 + random.nextInt(20), "abc-");
            StringBuilder text = new StringBuilder();
            for (int part = 0; part < 1 + random.nextInt(6); part++) {
                if (random.nextBoolean()) {
                    int from = random.nextInt(value.length());
                    text.append(value, from, from + random.nextInt(value.length() - from + 1));
                } else {
                    text.append(randomText(random, random.nextInt(12), "abc-xyz"));
                }
            }
            assertThat(new Secret(value).scrub(text.toString())).as("%s in %s", value, text)
                    .isEqualTo(quadraticScrub(value, text.toString()));
        }
    }

    @Test
    void scrubStaysLinearOnALargeTextAndALongSecret() {
        Random random = new Random(7);
        String value = randomText(random, 16 * 1024, "abcdefghijklmnopqrstuvwxyz0123456789");
        String text = randomText(random, 1024 * 1024, "abcdefghijklmnopqrstuvwxyz0123456789") + value;
        String scrubbed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new Secret(value).scrub(text));
        assertThat(scrubbed).endsWith("***").doesNotContain(value.substring(0, 8));
    }

    private static String randomText(Random random, int length, String alphabet) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String quadraticScrub(String value, String text) {
        int run = Math.min(Secret.SCRUB_RUN, value.length());
        boolean[] hidden = new boolean[text.length()];
        for (int i = 0; i + run <= text.length(); i++) {
            for (int j = 0; j + run <= value.length(); j++) {
                if (text.regionMatches(i, value, j, run)) {
                    java.util.Arrays.fill(hidden, i, i + run, true);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (!hidden[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !hidden[i - 1]) {
                out.append("***");
            }
        }
        return out.toString();
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
