package io.gatehouse.policy.detect;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * IPv4 and IPv6 addresses. Decisions: addresses that identify no host are not findings (0.0.0.0, the 127/8
 * loopback, 255.255.255.255, netmasks such as 255.255.255.0, {@code ::} and {@code ::1}); private and
 * documentation ranges are (they map an internal network). A dotted quad glued to a letter ({@code v1.2.3.4}),
 * part of a longer dotted sequence (OIDs, five-part versions), right after "version"/"release"/"build" or after a
 * product token ({@code Chrome/120.0.0.0}) is a version string, after "chapter"/"section" an outline number; a bare
 * {@code 1.2.3.4} is an address. IPv6 needs at least one group of three or more hex digits, so {@code 10:30:00} times, MAC
 * addresses and C++ {@code a::b} scopes stay out.
 */
public final class IpAddressDetector implements Detector {
    public static final String KIND = "IP_ADDRESS";

    /** Words after which a dotted quad is a version or an outline number ("chapter 3.2.1.4"). */
    private static final Labels NOT_ADDRESS_WORDS = Labels.of("version", "ver", "release", "build", "firmware", "rev", "v",
        "chapter", "section", "sec", "step", "figure", "fig", "table", "clause", "article", "paragraph", "item");

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Term> terms() {
        return List.of(Term.covered("ip"), Term.covered("ip address"), Term.covered("ipv4"),
                Term.covered("ipv4 address"), Term.covered("ipv6"), Term.covered("ipv6 address"),
                Term.covered("internet protocol address"), Term.covered("internal ip"),
                Term.covered("internal ip address"));
    }

    @Override
    public Set<DetectorCategory> categories() {
        return Set.of(DetectorCategory.NETWORK);
    }

    @Override
    public int maxSpan() {
        return 45;
    }

    @Override
    public void scan(CharSequence input, List<Finding> out) {
        ScanText text = ScanText.of(input);
        int first = out.size();
        int v6End = scanIpv6(text, out);
        int next = 0;
        for (int run = 0, runs = text.digitRuns(); run < runs; run++) {
            int start = text.runStart(run);
            int runEnd = text.runEnd(run);
            if (start < next || runEnd - start > 3 || runEnd >= text.length() || text.charAt(runEnd) != '.'
                    || Chars.isWordCharAt(text, start - 1)
                    || (start > 0 && text.charAt(start - 1) == '.') || insideFinding(out, first, v6End, start)) {
                continue;
            }
            int end = ipv4End(text, start);
            if (end > 0) {
                next = end;
                if (countsAsAddress4(text, start, end)) {
                    out.add(new Finding(start, end, KIND, "IPv4 address"));
                }
            }
        }
        if (v6End > first && out.size() > v6End) {
            out.subList(first, out.size()).sort(Comparator.comparingInt(Finding::start));
        }
    }

    /** Adds the IPv6 addresses and returns the index in {@code out} after the last of them. */
    private static int scanIpv6(CharSequence text, List<Finding> out) {
        int n = text.length();
        for (int i = Chars.indexOf(text, ':', 0); i >= 0; i = Chars.indexOf(text, ':', i)) {
            if (!startsV6Run(text, i)) {
                i++;
                continue;
            }
            int start = i;
            while (start > 0 && isV6Char(text.charAt(start - 1))) {
                start--;
            }
            int end = i;
            while (end < n && (isV6Char(text.charAt(end)) || text.charAt(end) == '.')) {
                end++;
            }
            while (end > i && text.charAt(end - 1) == '.') {
                end--;
            }
            if (end - 2 > i && text.charAt(end - 1) == ':' && text.charAt(end - 2) != ':') {
                end--;
            }
            if (!Chars.isWordCharAt(text, start - 1) && !Chars.isWordCharAt(text, end) && isIpv6(text, start, end)) {
                out.add(new Finding(start, end, KIND, "IPv6 address"));
            }
            i = Math.max(end, i + 1);
        }
        return out.size();
    }

    private static boolean insideFinding(List<Finding> out, int from, int to, int position) {
        for (int k = from; k < to; k++) {
            if (out.get(k).start() <= position && position < out.get(k).end()) {
                return true;
            }
        }
        return false;
    }

    /** A ':' between hex digits, or a "::", may be inside an IPv6 address. */
    private static boolean startsV6Run(CharSequence text, int i) {
        if (i + 1 >= text.length()) {
            return false;
        }
        char next = text.charAt(i + 1);
        return next == ':' || (Chars.isHex(next) && i > 0 && Chars.isHex(text.charAt(i - 1)));
    }

    /** End of a dotted quad starting at {@code start}, or -1. */
    private static int ipv4End(CharSequence text, int start) {
        int n = text.length();
        int i = start;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= n || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int octetStart = i;
            int value = 0;
            while (i < n && Chars.isDigit(text.charAt(i)) && i - octetStart < 4) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - octetStart;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(octetStart) == '0')) {
                return -1;
            }
        }
        if (Chars.isWordCharAt(text, i) || (i + 1 < n && text.charAt(i) == '.' && Chars.isDigit(text.charAt(i + 1)))) {
            return -1;
        }
        return i;
    }

    private static boolean countsAsAddress4(CharSequence text, int start, int end) {
        long value = 0;
        int octet = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                value = (value << 8) | octet;
                octet = 0;
            } else {
                octet = octet * 10 + (c - '0');
            }
        }
        value = (value << 8) | octet;
        if (value == 0 || value == 0xFFFFFFFFL || (value >>> 24) == 127 || isNetmask(value)) {
            return false;
        }
        boolean productVersion = start > 1 && text.charAt(start - 1) == '/' && Chars.isAsciiLetter(text.charAt(start - 2));
        if (productVersion) {
            return false;
        }
        return !NOT_ADDRESS_WORDS.before(text, start, 12);
    }

    /** 255.x.x.x with all one-bits before all zero-bits. */
    private static boolean isNetmask(long value) {
        if ((value >>> 24) != 255) {
            return false;
        }
        long inverted = ~value & 0xFFFFFFFFL;
        return (inverted & (inverted + 1)) == 0;
    }

    private static boolean isV6Char(char c) {
        return Chars.isHex(c) || c == ':';
    }

    /** Full IPv6 syntax: up to eight groups, at most one "::", optionally an IPv4 tail. */
    static boolean isIpv6(CharSequence text, int start, int end) {
        int groups = 0;
        int longest = 0;
        boolean compressed = false;
        int i = start;
        if (end - start < 3) {
            return false;
        }
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return false;
            }
            compressed = true;
            i += 2;
        }
        while (i < end) {
            int groupStart = i;
            while (i < end && Chars.isHex(text.charAt(i))) {
                i++;
            }
            int length = i - groupStart;
            if (i < end && text.charAt(i) == '.') {
                int tail = ipv4End(text, groupStart);
                if (tail != end || groups > 6) {
                    return false;
                }
                groups += 2;
                longest = Math.max(longest, 3);
                break;
            }
            if (length == 0 || length > 4) {
                return false;
            }
            groups++;
            longest = Math.max(longest, length);
            if (i == end) {
                break;
            }
            i++;
            if (i < end && text.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
            } else if (i == end) {
                return false;
            }
        }
        boolean wellFormed = compressed ? groups <= 7 : groups == 8;
        return wellFormed && longest >= 3;
    }
}
