package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** API keys, PEM private keys and JWTs. */
class SecretDetectorsTest {
    private static final String B62 = "Zk8Y2xQp0LmN4vR7tW1cE5bH9jU3oI6aS2dF8gK0qP4zX7vB1nM5yT3rE9wQ6uA2sD0fG8hJ4kL1";

    @ParameterizedTest
    @CsvSource({
        "sk-proj-Zk8Y2xQp0LmN4vR7tW1cE5bH9jU3oI6aS2dF8gK0qP4z,OpenAI-style secret key",
        "sk-ant-api03-Zk8Y2xQp0LmN4vR7tW1cE5bH9jU3oI6aS2dF8gK0qP4zX7vB1nM5yT3rE9wAA,Anthropic API key",
        "AKIAIOSFODNN7EXAMPLE,AWS access key id",
        "ghp_Zk8Y2xQp0LmN4vR7tW1cE5bH9jU3oI6aS2dF,GitHub personal access token",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW,Google API key",
        "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr,Stripe secret key",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx,Slack bot token",
        "ghk_Zk8Y2xQp0LmN4vR7tW1cE5bH9jU3oI6aS2dF8gK0qP4,Gatehouse repo AI key",
        "ghm_Zk8Y2xQp0LmN4vR7tW1cE5bH9jU3oI6aS2dF8gK0qP4,Gatehouse management token",
        "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,SendGrid API key"})
    void findsKeysByVendorFormat(String key, String vendor) {
        Finding finding = Found.findings(new ApiKeyDetector(), "export KEY=\"" + key + "\"").getFirst();
        assertThat(finding.description()).isEqualTo(vendor);
        assertThat(finding.length()).isEqualTo(key.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"We use sk-learn and pandas.", "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "OPENAI_API_KEY=sk-your-key-here", "ghp_your_token_here", "AKIAXXXXXXXXXXXXXXXX", "task-1234567890abcdef",
        "AIzaSyD...", "The sk- prefix identifies OpenAI keys", "mask-Zk8Y2xQp0LmN4vR7tW1cE5bH9jU3oI6aS2dF8gK0qP4z"})
    void ignoresPlaceholdersAndWords(String text) {
        assertThat(Found.by(new ApiKeyDetector(), text)).isEmpty();
    }

    @Test
    void findsPemPrivateKeysWithRealOrEscapedLineBreaks() {
        String body = B62.substring(0, 64) + "\n" + B62.substring(0, 40);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----";
        assertThat(Found.by(new PrivateKeyDetector(), "key:\n" + pem + "\nthanks")).containsExactly(pem);
        String escaped = pem.replace("\n", "\\n");
        assertThat(Found.by(new PrivateKeyDetector(), "{\"private_key\": \"" + escaped + "\\n\"}"))
                .containsExactly(escaped);
        assertThat(Found.findings(new PrivateKeyDetector(), pem).getFirst().description())
                .isEqualTo("RSA private key (PEM)");
    }

    @Test
    void aCutOffKeyRunsToTheEndOfItsBody() {
        String cut = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + B62.substring(0, 64) + "\n" + B62.substring(0, 20);
        assertThat(Found.by(new PrivateKeyDetector(), cut + "\n\nwhy does this fail?")).containsExactly(cut);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Files that start with -----BEGIN OPENSSH PRIVATE KEY----- must never be committed.",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9q9UU8I5m\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTES\n-----END CERTIFICATE-----"})
    void ignoresTalkAboutKeysPublicKeysAndCertificates(String text) {
        assertThat(Found.by(new PrivateKeyDetector(), text)).isEmpty();
    }

    @Test
    void findsJwtsWhoseHeaderNamesAnAlgorithm() {
        String jwt = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"42\"}", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
        Finding finding = Found.findings(new JwtDetector(), "Authorization: Bearer " + jwt).getFirst();
        assertThat(finding.description()).isEqualTo("JWT (HS256)");
        assertThat(Found.by(new JwtDetector(), "?token=" + jwt + "&x=1")).containsExactly(jwt);
        String unsigned = jwt("{\"alg\":\"none\"}", "{\"sub\":\"42\"}", "");
        assertThat(Found.by(new JwtDetector(), unsigned + " ok")).containsExactly(unsigned);
    }

    @Test
    void ignoresTokensThatAreNotJwts() {
        String noAlg = jwt("{\"typ\":\"JWT\"}", "{\"sub\":\"42\"}", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
        String unsignedHs = jwt("{\"alg\":\"HS256\"}", "{\"sub\":\"42\"}", "");
        String notJson = "eyJhbGciOiJIUzI1NiJ9.eyJub3QganNvbg.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        for (String text : new String[] {noAlg, unsignedHs, notJson, "eyJmb28iOiJiYXIifQ", "header.payload.signature"}) {
            assertThat(Found.by(new JwtDetector(), text)).as(text).isEmpty();
        }
    }

    private static String jwt(String header, String payload, String signature) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString(header.getBytes()) + "." + url.encodeToString(payload.getBytes()) + "." + signature;
    }
}
