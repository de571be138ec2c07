package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {
    private final PhoneDetector detector = new PhoneDetector();

    @ParameterizedTest
    @ValueSource(strings = {"+44 20 7946 0958", "+1 (415) 555-2671", "+4915123456795", "(+44) 20 7946 0958",
        "+49 (0)30 1234567", "0049 30 1234567", "+33 6 12 34 56 78"})
    void findsInternationalNumbers(String number) {
        assertThat(Found.by(detector, "Call " + number + " today.")).containsExactly(number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(415) 555-2671", "415-555-2671", "415.555.2671", "1-800-275-2273", "020 7946 0958",
        "030 123408", "01 23 45 67 61", "03-1234-5672"})
    void findsGroupedNationalNumbers(String number) {
        assertThat(Found.by(detector, "Please update the record: " + number + " replaces it.")).containsExactly(number);
    }

    @Test
    void bareOrUnusualNationalNumbersNeedALabel() {
        assertThat(Found.by(detector, "Ticket 4155552671 closed")).isEmpty();
        assertThat(Found.by(detector, "phone: 4155552671")).containsExactly("4155552671");
        assertThat(Found.by(detector, "Order 612 345 678")).isEmpty();
        assertThat(Found.by(detector, "Tel. 612 34 56 83")).containsExactly("612 34 56 83");
    }

    @Test
    void usesTheFullParserForLabelledPrefixesTheFastPathDoesNotKnow() {
        assertThat(Found.by(detector, "Phone: 011 15-2345-2291")).containsExactly("011 15-2345-2291");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-15", "15.01.2024", "01/02/2024", "ISBN 0-306-40615-2", "978-3-16-148410-0",
        "Order #112-4839201-7718263", "ts=1718035200000", "192.168.1.100", "v1.2.3", "ZIP 94105-1234",
        "SSN 016-76-5714", "Model number 0123 456 789", "$1,299.99", "Population 8 336 817", "SIN: 046 454 286",
        "NL91 ABNA 0417 1643 00", "4111 1111 1111 1111"})
    void ignoresNumbersThatAreNotPhoneNumbers(String text) {
        assertThat(Found.by(detector, text)).isEmpty();
    }

    @Test
    void regionsAreConfigurable() {
        PhoneDetector usOnly = new PhoneDetector(List.of("US"));
        assertThat(Found.by(usOnly, "Festnetz 030 123408")).isEmpty();
        assertThat(Found.by(usOnly, "+49 30 123408")).containsExactly("+49 30 123408");
        assertThatThrownBy(() -> new PhoneDetector(List.of("XX"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesTheRegion() {
        assertThat(Found.findings(detector, "+44 20 7946 0958").getFirst().description()).isEqualTo("phone number (GB)");
    }
}
