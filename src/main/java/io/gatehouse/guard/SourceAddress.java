package io.gatehouse.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The key a client's address is counted under by the guards. An IPv4 address is itself; an IPv6 address is its /64
 * network, since one subscriber usually holds a whole /64 and could otherwise step around every per-address limit by
 * changing the low bits.
 */
public final class SourceAddress {
    private SourceAddress() {
    }

    /** The key of {@code hostAddress} (an IP literal as the listener saw it); anything else is its own key. */
    public static String of(String hostAddress) {
        if (hostAddress == null) {
            return "unknown";
        }
        if (hostAddress.indexOf(':') < 0) {
            return hostAddress;
        }
        try {
            // An IPv6 literal: parsed, never resolved.
            InetAddress address = InetAddress.getByName(hostAddress);
            if (address instanceof Inet6Address) {
                byte[] network = Arrays.copyOf(address.getAddress(), 16);
                Arrays.fill(network, 8, 16, (byte) 0);
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return hostAddress;
        }
    }
}
