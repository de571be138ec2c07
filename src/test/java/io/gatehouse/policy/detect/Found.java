package io.gatehouse.policy.detect;

import java.util.ArrayList;
import java.util.List;

/** What a detector finds in a text, as the matched strings, for readable assertions. */
final class Found {
    private Found() {
    }

    static List<String> by(Detector detector, String text) {
        List<Finding> findings = new ArrayList<>();
        detector.scan(text, findings);
        return findings.stream().map(f -> text.substring(f.start(), f.end())).toList();
    }

    static List<Finding> findings(Detector detector, String text) {
        List<Finding> findings = new ArrayList<>();
        detector.scan(text, findings);
        return findings;
    }
}
