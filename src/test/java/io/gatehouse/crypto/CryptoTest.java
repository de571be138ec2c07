package io.gatehouse.crypto;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptoTest {
    private static String key() {
        return Base64.getEncoder().encodeToString(Tokens.randomBytes(32));
    }

    @Test
    void sealedSecretsOpenOnlyInTheirOwnContext() {
        SecretBox box = new SecretBox(MasterKeyring.parse(key(), "test"));
        String sealed = box.seal("sk-live-123456789", "aillm/a");

        assertThat(sealed).startsWith("gh1:1:").doesNotContain("sk-live");
        assertThat(box.open(sealed, "aillm/a").reveal()).isEqualTo("sk-live-123456789");
        assertThatThrownBy(() -> box.open(sealed, "aillm/b")).isInstanceOf(KeyringException.class);
        // A fresh data key per secret: sealing twice never gives the same ciphertext.
        assertThat(box.seal("sk-live-123456789", "aillm/a")).isNotEqualTo(sealed);
    }

    @Test
    void aWrongMasterKeyIsRefusedClearly() {
        String sealed = new SecretBox(MasterKeyring.parse(key(), "test")).seal("x", "c");
        SecretBox other = new SecretBox(MasterKeyring.parse(key(), "other"));
        assertThatThrownBy(() -> other.open(sealed, "c"))
                .isInstanceOf(KeyringException.class).hasMessageContaining("master key is wrong");
    }

    @Test
    void rotationRewrapsUnderTheNewestVersionAndOldVersionsStayReadable() {
        MasterKeyring v1 = MasterKeyring.parse(key(), "test");
        SecretBox box = new SecretBox(v1);
        String sealed = box.seal("secret-value", "ctx");

        MasterKeyring v2 = v1.withNewVersion();
        box.useKeyring(v2);
        assertThat(box.open(sealed, "ctx").reveal()).isEqualTo("secret-value");
        String rewrapped = box.rewrap(sealed);
        assertThat(SecretBox.keyVersion(rewrapped)).isEqualTo(2);
        assertThat(box.open(rewrapped, "ctx").reveal()).isEqualTo("secret-value");

        MasterKeyring reloaded = MasterKeyring.parse(v2.serialize(), "file");
        assertThat(reloaded.versions()).containsExactly(1, 2);
        assertThat(reloaded.primaryVersion()).isEqualTo(2);
    }

    @Test
    void malformedMasterKeysAreExplained() {
        assertThatThrownBy(() -> MasterKeyring.parse("not base64!", "env"))
                .isInstanceOf(KeyringException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> MasterKeyring.parse(Base64.getEncoder().encodeToString(new byte[16]), "env"))
                .isInstanceOf(KeyringException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKeyring.parse("1:" + key() + ",1:" + key(), "env"))
                .isInstanceOf(KeyringException.class).hasMessageContaining("twice");
    }

    @Test
    void passwordsAreArgon2idAndVerify() {
        String hash = PasswordHasher.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
        assertThat(PasswordHasher.verify("correct horse battery", hash)).isTrue();
        assertThat(PasswordHasher.verify("correct horse batterx", hash)).isFalse();
        assertThat(PasswordHasher.verify("anything", null)).isFalse();
        assertThat(PasswordHasher.verify("anything", "$2a$10$notargon")).isFalse();
    }

    @Test
    void tokensCarryAPrefixAnd256BitsAndAreStoredAsHashes() {
        String token = Tokens.newSecret(Tokens.REPO_KEY_PREFIX);
        assertThat(token).startsWith("ghk_").hasSize(4 + 43);
        assertThat(Base64.getUrlDecoder().decode(token.substring(4))).hasSize(32);
        assertThat(Tokens.hash(token)).hasSize(64).isEqualTo(Tokens.hash(token)).doesNotContain(token.substring(4));
        assertThat(Tokens.mask("sk-proj-abcdefghijklmnop")).isEqualTo("sk-…mnop");
        assertThat(Tokens.mask(token)).startsWith("ghk_…").hasSize(9);
        assertThat(Tokens.mask("short")).isEqualTo("…");
        assertThat(new Secret("sk-123").toString()).isEqualTo("***");
    }
}
