package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final PolicyScanner<String> scanner = PolicyScanner.of(Map.of("pii", Set.of("EMAIL", "PHONE", "CARD")));

    @Test
    void numbersPlaceholdersPerKindAndValue() {
        String text = "anna@example.com wrote to bob@example.com, cc anna@example.com; call +44 20 7946 0958.";
        String redacted = new Redactor().redact(text, scanner.scan(text).findings());
        assertThat(redacted).isEqualTo("[EMAIL_1] wrote to [EMAIL_2], cc [EMAIL_1]; call [PHONE_1].");
    }

    @Test
    void keepsNumbersAcrossTextsOfOneRequest() {
        Redactor redactor = new Redactor();
        String first = "from bob@example.com";
        String second = "to anna@example.com and bob@example.com";
        assertThat(redactor.redact(first, scanner.scan(first).findings())).isEqualTo("from [EMAIL_1]");
        assertThat(redactor.redact(second, scanner.scan(second).findings())).isEqualTo("to [EMAIL_2] and [EMAIL_1]");
    }

    @Test
    void mergesOverlappingFindingsUnderTheLongestKind() {
        List<Finding> findings = List.of(new Finding(4, 20, "JWT", "JWT (HS256)"), new Finding(8, 12, "EMAIL", "e"),
                new Finding(18, 24, "PHONE", "p"));
        assertThat(new Redactor().redact("abc 0123456789012345678901234 end", findings)).isEqualTo("abc [JWT_1]01234 end");
    }

    @Test
    void redactsOnePartOfAStreamWithStreamOffsets() {
        Redactor redactor = new Redactor();
        List<Finding> findings = List.of(new Finding(105, 110, "EMAIL", "e"), new Finding(300, 305, "EMAIL", "e"));
        assertThat(redactor.redact("0123456789abcdef", 100, findings)).isEqualTo("01234[EMAIL_1]abcdef");
    }

    @Test
    void leavesTextWithoutFindingsAlone() {
        assertThat(new Redactor().redact("nothing here", List.of())).isEqualTo("nothing here");
    }
}
