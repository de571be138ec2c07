package io.gatehouse.policy.detect;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.gatehouse.fuzz.FuzzTarget;
import io.gatehouse.fuzz.Gen;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.UpstreamShapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the detectors on texts built from near-misses of what they look for (digits with every separator, addresses,
 * key-like tokens, PEM markers, JWT parts, labels) in any context: no detector throws, spans lie inside the text in
 * order, redaction leaves no detected value behind, a stream cut anywhere finds what the whole text has, and the
 * selector reads any policy text.
 */
class DetectorsFuzzTest {
    private static final Set<String> ALL_KINDS =
            Detectors.standard().all().stream().map(Detector::kind).collect(Collectors.toSet());
    private static final PolicyScanner<String> SCANNER = PolicyScanner.of(Map.of("all", ALL_KINDS));

    private static final Gen<String> TEXTS = Gen.<String>weighted()
            .or(3, Json.text())
            .or(3, Gen.strings("0123456789 -./()+", 1, 24))
            .or(2, Gen.of("SSN: ", "card ", "IBAN ", "tel. ", "phone: ", "mailto:", "@", ".", "-",
                    "sk-", "sk-ant-", "AKIA", "ghp_", "xoxb-", "AIza", "eyJ", "-----BEGIN RSA PRIVATE KEY-----\n",
                    "\n-----END RSA PRIVATE KEY-----", "::", "::ffff:", "192.168.", "GB82WEST", "DE89", "\u00a0",
                    "\u200b", "\uff10\uff11", "\ud835\udfce"))
            .or(2, Gen.strings("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/=.", 8, 80))
            .list(0, 8).map(pieces -> String.join("", pieces));
    private static final Gen<List<Integer>> READS = UpstreamShapes.reads();
    private static final Gen<String> SELECTOR_WORDS = Gen.of("no", "never share", "block", "PII", "secrets",
            "emails except ours", "phone numbers", "credit cards", "IBAN", "bank account number", "API keys",
            "IP addresses", "").list(0, 4).map(words -> String.join(" ", words));

    @FuzzTarget
    void detectorsFindSpansInsideTheTextInOrder(FuzzedDataProvider data) {
        String text = TEXTS.draw(data);
        for (Detector detector : Detectors.standard().all()) {
            List<Finding> findings = new ArrayList<>();
            detector.scan(text, findings);
            int previousStart = -1;
            for (Finding finding : findings) {
                assertThat(finding.start()).isGreaterThanOrEqualTo(0);
                assertThat(finding.end()).isLessThanOrEqualTo(text.length());
                assertThat(finding.kind()).isEqualTo(detector.kind());
                assertThat(finding.start()).as("%s in order", detector.kind()).isGreaterThanOrEqualTo(previousStart);
                previousStart = finding.start();
            }
            assertThat(detector.openFrom(text)).isBetween(0, text.length());
        }
    }

    @FuzzTarget
    void redactionLeavesNoDetectedValue(FuzzedDataProvider data) {
        String text = TEXTS.draw(data);
        List<Finding> findings = SCANNER.scan(text).findings();
        String redacted = new Redactor().redact(text, findings);
        String outside = outsideFindings(text, findings);
        for (Finding finding : findings) {
            String value = text.substring(finding.start(), finding.end());
            if (!outside.contains(value)) {
                assertThat(redacted).as("%s value masked", finding.kind()).doesNotContain(value);
            }
        }
    }

    @FuzzTarget
    void aStreamCutAnywhereFindsWhatTheWholeTextHas(FuzzedDataProvider data) {
        String text = TEXTS.draw(data);
        List<Integer> reads = READS.draw(data);
        List<Finding> whole = SCANNER.scan(text).findings();
        StreamScan<String> stream = SCANNER.stream();
        List<Finding> streamed = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < text.length(); i++) {
            int end = Math.min(text.length(), at + reads.get(i % reads.size()));
            streamed.addAll(stream.feed(text.substring(at, end)).findings());
            assertThat(stream.releasable()).isBetween(0, end);
            at = end;
        }
        streamed.addAll(stream.finish().findings());
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(whole);
    }

    @FuzzTarget
    void theSelectorReadsAnyPolicyText(FuzzedDataProvider data) {
        String rule = TEXTS.draw(data);
        String words = SELECTOR_WORDS.draw(data);
        DetectorSelector.standard().select(words + " " + rule);
    }

    /** The text with every finding cut out (a separator in its place), to tell values that also occur elsewhere. */
    private static String outsideFindings(String text, List<Finding> findings) {
        StringBuilder outside = new StringBuilder();
        int at = 0;
        for (Finding finding : findings) {
            if (finding.start() > at) {
                outside.append(text, at, finding.start());
            }
            outside.append('\u0000');
            at = Math.max(at, finding.end());
        }
        return outside.append(text.substring(Math.min(at, text.length()))).toString();
    }
}
