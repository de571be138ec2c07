package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsnDetectorTest {
    private final SsnDetector detector = new SsnDetector();

    @Test
    void findsFormattedNumbers() {
        assertThat(Found.by(detector, "SSNs: 123-45-6789 and 234 56 7890.")).containsExactly("123-45-6789", "234 56 7890");
    }

    @Test
    void bareNumbersOnlyRightAfterALabel() {
        assertThat(Found.by(detector, "SSN: 123456789")).containsExactly("123456789");
        assertThat(Found.by(detector, "Employee ID 123456789")).isEmpty();
        assertThat(Found.by(detector, "SSN: 123-45-6789, order 123456789")).containsExactly("123-45-6789");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-45-6789", "912-34-5678", "123-00-4567", "123-45-0000",
        "2023-04-05", "555-123-4567", "123-45-67890", "9123-45-6789", "ab123-45-6789"})
    void rejectsNumbersNeverIssuedAndOtherShapes(String text) {
        assertThat(Found.by(detector, text)).isEmpty();
    }
}
