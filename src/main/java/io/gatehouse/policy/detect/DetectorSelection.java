package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Set;

/**
 * What {@link DetectorSelector} made of one policy's text: the detector kinds it names, how far those detectors
 * decide the rule, and the words that need the judge (qualifiers, sensitive things no detector finds, terms the
 * detectors cover only partly, words the selector does not know), as written in the rule.
 */
public record DetectorSelection(Set<String> kinds, Coverage coverage, List<String> unrecognized) {

    public DetectorSelection {
        kinds = Set.copyOf(kinds);
        unrecognized = List.copyOf(unrecognized);
        if (kinds.isEmpty() && coverage != Coverage.JUDGE) {
            throw new IllegalArgumentException("a rule without detectors is the judge's");
        }
    }

    public DetectorSelection(Set<String> kinds, Coverage coverage) {
        this(kinds, coverage, List.of());
    }

    /** How a rule is decided. */
    public enum Coverage {
        /** The rule is exactly "none of these kinds": a finding is a violation, no finding means none. */
        DETECTORS,
        /**
         * A finding is a violation, but the rule also names what no detector sees ("PII" includes names; "secrets"
         * include passwords), so the judge looks for the rest.
         */
        DETECTORS_AND_JUDGE,
        /**
         * The judge decides: the rule names no detector, or qualifies what it names ("emails except our own
         * domain") or says more than the selector understood. Findings of the named kinds are hints and, for
         * REDACT rules, the spans to mask.
         */
        JUDGE
    }

    public boolean needsJudge() {
        return coverage != Coverage.DETECTORS;
    }

    /** Whether a detector finding alone is a violation of the rule. */
    public boolean findingsAreViolations() {
        return coverage != Coverage.JUDGE;
    }
}
