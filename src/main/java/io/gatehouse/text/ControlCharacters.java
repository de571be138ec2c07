package io.gatehouse.text;

/**
 * Characters that steer how text is displayed instead of being shown: C0 and C1 controls and DEL (CR and LF start
 * forged log lines, ESC starts terminal escape sequences), Unicode format characters such as the bidirectional
 * overrides that reorder what a reader sees, and the line and paragraph separators. The zero-width (non-)joiners are
 * format characters too, but emoji sequences and several scripts need them, so they are allowed.
 */
public final class ControlCharacters {
    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private ControlCharacters() {
    }

    public static boolean isControl(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            case Character.FORMAT -> codePoint != ZERO_WIDTH_NON_JOINER && codePoint != ZERO_WIDTH_JOINER;
            default -> false;
        };
    }

    /** Whether the text holds at least one control character. */
    public static boolean containsAny(CharSequence text) {
        return text != null && text.codePoints().anyMatch(ControlCharacters::isControl);
    }

    /**
     * The text with every control character written out visibly: {@code \r}, {@code \n}, {@code \t}, else
     * {@code \}{@code u001B} (or {@code \}{@code U000E0001} beyond the BMP). Returns the same instance when there is
     * nothing to escape, which is almost always.
     */
    public static String escape(String text) {
        if (!containsAny(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!isControl(c)) {
                out.appendCodePoint(c);
                return;
            }
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c));
            }
        });
        return out.toString();
    }
}
