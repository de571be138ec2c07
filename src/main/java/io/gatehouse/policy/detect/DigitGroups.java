package io.gatehouse.policy.detect;

/**
 * The groups of a grouped number read from a position: "4111 1111 1111 1111" is four groups of four joined by
 * ' '. Groups are joined by exactly one separator, the same one throughout; reading stops at anything else.
 * Card and SSN detection decide on the group lengths; the reader itself knows nothing of either.
 */
final class DigitGroups {
    /** More groups than any format we look for; reading goes on past it only to find the end. */
    static final int MAX_GROUPS = 8;

    private final int[] starts = new int[MAX_GROUPS];
    private final int[] ends = new int[MAX_GROUPS];
    private int count;
    private int totalGroups;
    private int end;

    /** Reads the groups starting at {@code start} (a digit) joined by one of {@code separators}. */
    DigitGroups read(CharSequence text, int start, String separators) {
        int n = text.length();
        count = 0;
        totalGroups = 0;
        char separator = 0;
        int i = start;
        while (true) {
            int groupStart = i;
            while (i < n && Chars.isDigit(text.charAt(i))) {
                i++;
            }
            if (count < MAX_GROUPS) {
                starts[count] = groupStart;
                ends[count] = i;
                count++;
            }
            totalGroups++;
            if (i + 1 >= n || !Chars.isDigit(text.charAt(i + 1))) {
                break;
            }
            char c = text.charAt(i);
            if (separator == 0 ? separators.indexOf(c) < 0 : c != separator) {
                break;
            }
            separator = c;
            i++;
        }
        end = i;
        return this;
    }

    /** Number of groups read, capped at {@link #MAX_GROUPS}. */
    int count() {
        return count;
    }

    /** Whether there were more groups than could be kept. */
    boolean overflowed() {
        return totalGroups > count;
    }

    int length(int group) {
        return ends[group] - starts[group];
    }

    int groupEnd(int group) {
        return ends[group];
    }

    /** Where reading stopped: just after the last digit. */
    int end() {
        return end;
    }

    /** Total digits in the first {@code groups} groups. */
    int digits(int groups) {
        int total = 0;
        for (int g = 0; g < groups; g++) {
            total += length(g);
        }
        return total;
    }

    /** Whether the first {@code groups} group lengths are exactly {@code lengths}. */
    boolean shaped(int groups, int... lengths) {
        if (groups != lengths.length) {
            return false;
        }
        for (int g = 0; g < groups; g++) {
            if (length(g) != lengths[g]) {
                return false;
            }
        }
        return true;
    }
}
