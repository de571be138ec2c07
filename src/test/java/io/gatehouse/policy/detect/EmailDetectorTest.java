package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {
    private final EmailDetector detector = new EmailDetector();

    @Test
    void findsAddressesWithTheirExactSpan() {
        assertThat(Found.by(detector, "Mail john.doe+news@mail.example.co.uk, or o'connor@example.ie."))
                .containsExactly("john.doe+news@mail.example.co.uk", "o'connor@example.ie");
    }

    @Test
    void acceptsInternationalisedAddresses() {
        assertThat(Found.by(detector, "Schreib an Jürgen.Müller@beispiel.de")).containsExactly("Jürgen.Müller@beispiel.de");
        assertThat(Found.by(detector, "punycode a@xn--mller-kva.de")).containsExactly("a@xn--mller-kva.de");
    }

    @Test
    void quotesAroundAnAddressAreNotPartOfIt() {
        assertThat(Found.by(detector, "'bob@example.org' is allowed")).containsExactly("bob@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Follow @gatehouse for news", "npm install @angular/core@17.0.0", "import icon from './icon@2x.png'",
        "git clone git@github.com:acme/repo.git", "https://deploy:s3cr3t@registry.example.com/v2/",
        "root@db01.internal:~# uptime", "react@18.2.0", "user@localhost", "a..b@example.com", "a@b@example.com",
        "docker pull nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"})
    void ignoresThingsThatAreNotAddresses(String text) {
        assertThat(Found.by(detector, text)).isEmpty();
    }

    @Test
    void describesWithoutTheValue() {
        Finding finding = Found.findings(detector, "x secret.person@example.com").getFirst();
        assertThat(finding.description()).doesNotContain("secret.person");
        assertThat(finding.toString()).doesNotContain("secret.person");
    }
}
