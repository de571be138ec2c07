package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PolicyScannerTest {
    private static final String TEXT = "Mail anna@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111.";

    @Test
    void sortsFindingsOutPerPolicy() {
        Map<String, Set<String>> policies = new LinkedHashMap<>();
        policies.put("contact", Set.of("EMAIL", "PHONE"));
        policies.put("cards", Set.of("CARD"));
        policies.put("secrets", Set.of("API_KEY"));
        ScanResult<String> result = PolicyScanner.of(policies).scan(TEXT);

        assertThat(result.findings()).extracting(Finding::kind).containsExactly("EMAIL", "PHONE", "CARD");
        assertThat(result.findingsFor("contact")).extracting(Finding::kind).containsExactly("EMAIL", "PHONE");
        assertThat(result.findingsFor("cards")).hasSize(1);
        assertThat(result.findingsFor("secrets")).isEmpty();
        assertThat(result.byPolicy()).containsOnlyKeys("contact", "cards");
    }

    @Test
    void runsADetectorSharedByPoliciesOnce() {
        AtomicInteger runs = new AtomicInteger();
        Detector counting = new CountingEmailDetector(runs);
        Detectors registry = new Detectors(List.of(counting));
        Map<Integer, Set<String>> policies = Map.of(1, Set.of("EMAIL"), 2, Set.of("EMAIL"), 3, Set.of("EMAIL"));
        ScanResult<Integer> result = new PolicyScanner<>(registry, policies).scan(TEXT);

        assertThat(runs).hasValue(1);
        assertThat(result.findings()).hasSize(1);
        assertThat(result.byPolicy()).containsOnlyKeys(1, 2, 3);
    }

    @Test
    void aPolicySetWithoutDetectorsFindsNothing() {
        PolicyScanner<String> scanner = PolicyScanner.of(Map.of("judge only", Set.of()));
        assertThat(scanner.isEmpty()).isTrue();
        assertThat(scanner.scan(TEXT).isEmpty()).isTrue();
    }

    @Test
    void unknownKindsAndDuplicateDetectorsAreRejected() {
        assertThatThrownBy(() -> PolicyScanner.of(Map.of("p", Set.of("NO_SUCH_KIND"))))
                .hasMessageContaining("NO_SUCH_KIND");
        assertThatThrownBy(() -> new Detectors(List.of(new EmailDetector(), new EmailDetector())))
                .hasMessageContaining("EMAIL");
    }

    @Test
    void everyStandardDetectorIsRegisteredAndNamedByTheSelector() {
        Detectors detectors = Detectors.standard();
        assertThat(detectors.all()).extracting(Detector::kind).containsExactly("EMAIL", "PHONE", "CARD", "IBAN",
                "SSN", "IP_ADDRESS", "API_KEY", "PRIVATE_KEY", "JWT");
        for (Detector detector : detectors.all()) {
            String phrase = detector.terms().getFirst().phrase();
            assertThat(DetectorSelector.standard().select("no " + phrase).kinds()).as(phrase).contains(detector.kind());
        }
    }

    /** An e-mail detector that counts how often it runs. */
    private static final class CountingEmailDetector implements Detector {
        private final EmailDetector email = new EmailDetector();
        private final AtomicInteger runs;

        CountingEmailDetector(AtomicInteger runs) {
            this.runs = runs;
        }

        @Override
        public String kind() {
            return email.kind();
        }

        @Override
        public List<Term> terms() {
            return email.terms();
        }

        @Override
        public Set<DetectorCategory> categories() {
            return email.categories();
        }

        @Override
        public int maxSpan() {
            return email.maxSpan();
        }

        @Override
        public void scan(CharSequence text, List<Finding> out) {
            runs.incrementAndGet();
            email.scan(text, out);
        }
    }
}
