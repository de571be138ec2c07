package io.gatehouse.policy.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces findings with numbered placeholders per kind: {@code [EMAIL_1]}, {@code [EMAIL_2]}, {@code [PHONE_1]}.
 * The same value gets the same number every time, across all texts one redactor sees, so the model can still
 * tell that two mentions are one address. Overlapping findings are merged into one placeholder, labelled with
 * the kind of the longest of them.
 * <p>
 * One redactor per request or conversation (it remembers the values it numbered, in memory only, and never
 * shows them). Not thread-safe.
 */
public final class Redactor {
    private final Map<String, Map<String, Integer>> numbers = new HashMap<>();

    /** {@code text} with every finding (offsets into {@code text}) masked. */
    public String redact(CharSequence text, Collection<Finding> findings) {
        return redact(text, 0, findings);
    }

    /**
     * Masks the findings in {@code text}, which is the part of a longer text (a stream) starting at
     * {@code offset}; findings carry offsets into the longer text, and those outside this part are ignored.
     * A finding reaching past either end is masked as far as it lies inside.
     */
    public String redact(CharSequence text, int offset, Collection<Finding> findings) {
        List<Finding> spans = merged(text, offset, findings);
        if (spans.isEmpty()) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding span : spans) {
            out.append(text, at, span.start());
            String value = text.subSequence(span.start(), span.end()).toString();
            out.append(placeholder(span.kind(), value));
            at = span.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** The placeholder for {@code value} of {@code kind}, numbering values in the order they are first seen. */
    public String placeholder(String kind, String value) {
        Map<String, Integer> ofKind = numbers.computeIfAbsent(kind, k -> new HashMap<>());
        int number = ofKind.computeIfAbsent(value, v -> ofKind.size() + 1);
        return "[" + kind + "_" + number + "]";
    }

    /** The findings clipped to {@code text}, relative to it, overlapping ones merged, by position. */
    private static List<Finding> merged(CharSequence text, int offset, Collection<Finding> findings) {
        List<Finding> inside = new ArrayList<>();
        for (Finding finding : findings) {
            int start = Math.max(finding.start() - offset, 0);
            int end = Math.min(finding.end() - offset, text.length());
            if (start < end) {
                inside.add(new Finding(start, end, finding.kind(), finding.description()));
            }
        }
        inside.sort(Comparator.comparingInt(Finding::start));
        List<Finding> spans = new ArrayList<>();
        Finding current = null;
        Finding longest = null;
        for (Finding finding : inside) {
            if (current != null && finding.start() < current.end()) {
                if (finding.length() > longest.length()) {
                    longest = finding;
                }
                current = new Finding(current.start(), Math.max(current.end(), finding.end()), longest.kind(),
                        longest.description());
                continue;
            }
            if (current != null) {
                spans.add(current);
            }
            current = finding;
            longest = finding;
        }
        if (current != null) {
            spans.add(current);
        }
        return spans;
    }
}
