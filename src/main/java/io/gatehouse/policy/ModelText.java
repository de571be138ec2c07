package io.gatehouse.policy;

import java.util.List;

/**
 * A prompt or an answer as the model reads it: its text segments (each one place in the request that redaction may
 * rewrite: a message's string, one text part, a tool description) and the boundary before each. The parts of one
 * message follow each other without a boundary (the model reads them as one text); messages and other fields are
 * separated by a blank line. Policies scan the joined text, so what is split across parts or messages is read whole.
 */
public final class ModelText {
    /** Between messages and separate fields. */
    public static final String MESSAGE_BOUNDARY = "\n\n";

    private final List<String> segments;
    private final String joined;
    private final int[] starts;

    /**
     * {@code continuesPrevious.get(i)}: segment {@code i} is the next part of the message segment {@code i - 1} is in,
     * and follows it without a boundary.
     */
    public ModelText(List<String> segments, List<Boolean> continuesPrevious) {
        this.segments = List.copyOf(segments);
        this.starts = new int[segments.size()];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0 && !continuesPrevious.get(i)) {
                text.append(MESSAGE_BOUNDARY);
            }
            starts[i] = text.length();
            text.append(segments.get(i));
        }
        this.joined = text.toString();
    }

    /** Segments that are each a message or field of their own. */
    public static ModelText separate(List<String> segments) {
        return new ModelText(segments, segments.stream().map(s -> false).toList());
    }

    public List<String> segments() {
        return segments;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The whole text, segments joined with their boundaries. */
    public String joined() {
        return joined;
    }

    /** Offset of segment {@code i} in {@link #joined()}. */
    public int start(int i) {
        return starts[i];
    }
}
