package io.gatehouse.policy.detect;

import java.util.List;
import java.util.Set;

/**
 * A deterministic check for one kind of sensitive data. Implementations are stateless and thread-safe, make at
 * most one pass over the text, and reject cheaply before validating. They never log or keep the matched value.
 * Adding a detector means one class implementing this and one line in {@link Detectors#standard()}.
 */
public interface Detector {

    /** Characters of context a detector may look at before a span (boundaries, "SSN:" labels). */
    int LEFT_CONTEXT = 64;
    /** Characters after a span a detector may look at to decide it (boundaries, a following group). */
    int RIGHT_CONTEXT = 8;

    /** Upper-case name, used as the finding's kind and the redaction label ({@code [EMAIL_1]}). */
    String kind();

    /** How policies name what this detector finds. */
    List<Term> terms();

    /** The broader classes this kind belongs to. */
    Set<DetectorCategory> categories();

    /** The longest span this detector reports; bounds how much text a streaming scan holds back. */
    int maxSpan();

    /** Appends a finding for each span of this kind in {@code text}, in order of position. */
    void scan(CharSequence text, List<Finding> out);

    /**
     * The first position of {@code text} at which more text could still change what this detector reports:
     * every finding that {@code text + more} yields starting before this position is already a finding of
     * {@code text} alone. The default follows from {@link #maxSpan()}; detectors whose spans can be long but
     * start with a recognisable marker (PEM blocks, JWTs) answer more precisely so that streams hold back less.
     */
    default int openFrom(CharSequence text) {
        return Math.max(0, text.length() - maxSpan() - RIGHT_CONTEXT);
    }
}
