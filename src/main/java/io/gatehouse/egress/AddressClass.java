package io.gatehouse.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What kind of network an IP address is on. Everything but {@link #PUBLIC} is internal: an address a caller outside
 * the machine's networks should not make Gatehouse reach. IPv6 addresses that carry an IPv4 address (IPv4-mapped,
 * IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that IPv4 address.
 */
public enum AddressClass {
    PUBLIC,
    /** {@code 127.0.0.0/8}, {@code ::1}. */
    LOOPBACK,
    /** RFC 1918 ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}) and the old IPv6 site-local {@code fec0::/10}. */
    PRIVATE,
    /** Unique local IPv6, {@code fc00::/7}. */
    UNIQUE_LOCAL,
    /** {@code 169.254.0.0/16} (cloud metadata services live there), {@code fe80::/10}. */
    LINK_LOCAL,
    /** Carrier-grade NAT, {@code 100.64.0.0/10}. */
    CGNAT,
    /** {@code 0.0.0.0/8}, {@code ::}: "this host" to most stacks. */
    UNSPECIFIED,
    MULTICAST,
    /** {@code 240.0.0.0/4} and the broadcast address. */
    RESERVED;

    public boolean internal() {
        return this != PUBLIC;
    }

    public static AddressClass of(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            Inet4Address embedded = embeddedIpv4(v6.getAddress());
            if (embedded != null) {
                return of(embedded);
            }
        }
        if (address.isAnyLocalAddress()) {
            return UNSPECIFIED;
        }
        if (address.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (address.isLinkLocalAddress()) {
            return LINK_LOCAL;
        }
        if (address.isSiteLocalAddress()) {
            return PRIVATE;
        }
        if (address.isMulticastAddress()) {
            return MULTICAST;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc ? UNIQUE_LOCAL : PUBLIC;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return UNSPECIFIED;
        }
        if (first == 100 && second >= 64 && second < 128) {
            return CGNAT;
        }
        return first >= 240 ? RESERVED : PUBLIC;
    }

    /** The IPv4 address an IPv6 address carries (see above), else the address itself. */
    public static InetAddress ipv4Of(InetAddress address) {
        Inet4Address embedded = address instanceof Inet6Address ? embeddedIpv4(address.getAddress()) : null;
        return embedded != null ? embedded : address;
    }

    /** The IPv4 address an IPv6 address carries, when it is of a form that routes to it; else null. */
    private static Inet4Address embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !lowest(b); // not :: or ::1
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return ipv4(b[12], b[13], b[14], b[15]);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) { // 6to4
            return ipv4(b[2], b[3], b[4], b[5]);
        }
        return null;
    }

    private static boolean lowest(byte[] b) {
        return allZero(b, 12, 15) && (b[15] & 0xff) <= 1;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address ipv4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
