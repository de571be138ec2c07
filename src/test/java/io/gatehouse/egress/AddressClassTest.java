package io.gatehouse.egress;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of internal address, in both IP versions and in the IPv6 forms that carry an IPv4 address. */
class AddressClassTest {

    @Test
    void internalAddressesAreToldFromPublicOnes() throws Exception {
        Map<String, AddressClass> cases = Map.ofEntries(
                Map.entry("127.0.0.1", AddressClass.LOOPBACK),
                Map.entry("127.8.9.10", AddressClass.LOOPBACK),
                Map.entry("::1", AddressClass.LOOPBACK),
                Map.entry("10.1.2.3", AddressClass.PRIVATE),
                Map.entry("172.16.0.1", AddressClass.PRIVATE),
                Map.entry("172.31.255.255", AddressClass.PRIVATE),
                Map.entry("192.168.0.10", AddressClass.PRIVATE),
                Map.entry("fec0::1", AddressClass.PRIVATE),
                Map.entry("fd12:3456::1", AddressClass.UNIQUE_LOCAL),
                Map.entry("fc00::1", AddressClass.UNIQUE_LOCAL),
                Map.entry("169.254.169.254", AddressClass.LINK_LOCAL),
                Map.entry("fe80::1", AddressClass.LINK_LOCAL),
                Map.entry("100.64.0.1", AddressClass.CGNAT),
                Map.entry("100.127.255.254", AddressClass.CGNAT),
                Map.entry("0.0.0.0", AddressClass.UNSPECIFIED),
                Map.entry("0.1.2.3", AddressClass.UNSPECIFIED),
                Map.entry("::", AddressClass.UNSPECIFIED),
                Map.entry("224.0.0.1", AddressClass.MULTICAST),
                Map.entry("ff02::1", AddressClass.MULTICAST),
                Map.entry("240.0.0.1", AddressClass.RESERVED),
                Map.entry("255.255.255.255", AddressClass.RESERVED),
                // IPv6 forms that carry an IPv4 address are judged by it.
                Map.entry("::ffff:127.0.0.1", AddressClass.LOOPBACK),
                Map.entry("::10.0.0.1", AddressClass.PRIVATE),
                Map.entry("64:ff9b::a9fe:a9fe", AddressClass.LINK_LOCAL),
                Map.entry("2002:c0a8:0101::1", AddressClass.PRIVATE),
                Map.entry("64:ff9b::808:808", AddressClass.PUBLIC),
                Map.entry("8.8.8.8", AddressClass.PUBLIC),
                Map.entry("100.128.0.1", AddressClass.PUBLIC),
                Map.entry("172.32.0.1", AddressClass.PUBLIC),
                Map.entry("2606:4700::1111", AddressClass.PUBLIC));
        for (Map.Entry<String, AddressClass> c : cases.entrySet()) {
            AddressClass found = AddressClass.of(InetAddress.getByName(c.getKey()));
            assertThat(found).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(found.internal()).as(c.getKey()).isEqualTo(c.getValue() != AddressClass.PUBLIC);
        }
    }
}
