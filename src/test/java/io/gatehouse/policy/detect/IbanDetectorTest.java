package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {
    private final IbanDetector detector = new IbanDetector();

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "GB29 NWBK 6016 1331 9268 19",
        "NO93 8601 1117 947", "MT84 MALT 0110 0001 2345 MTLC AST0 01S", "de89370400440532013000"})
    void findsIbansInPrintAndElectronicForm(String iban) {
        assertThat(Found.by(detector, "IBAN:" + iban + ", thanks")).containsExactly(iban);
    }

    @Test
    void namesTheCountry() {
        assertThat(Found.findings(detector, "NL91ABNA0417164300").getFirst().description()).isEqualTo("IBAN (NL)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89 3704 0044 0532 0130 01", "DE89 3704 0044 0532 0130 0", "XX89370400440532013000",
        "DE8937040044053201300099", "De89370400440532013000", "ADE89370400440532013000", "Code AB12 3456 7890"})
    void rejectsWrongChecksumsLengthsAndCountries(String text) {
        assertThat(Found.by(detector, text)).isEmpty();
    }

    @Test
    void mod97FollowsIso7064() {
        char[] iban = "GB82WEST12345698765432".toCharArray();
        assertThat(IbanDetector.mod97(iban, iban.length)).isEqualTo(1);
    }
}
