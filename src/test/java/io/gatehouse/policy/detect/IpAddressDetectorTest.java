package io.gatehouse.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressDetectorTest {
    private final IpAddressDetector detector = new IpAddressDetector();

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "10.0.0.1", "192.168.1.10", "1.2.3.4", "2001:db8:85a3::8a2e:370:7334",
        "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.128", "2001:0db8:0000:0000:0000:ff00:0042:8329", "2620:fe::fe"})
    void findsAddresses(String address) {
        assertThat(Found.by(detector, "peer " + address + " disconnected")).containsExactly(address);
    }

    @Test
    void findsAddressesInUrlsListsAndBrackets() {
        assertThat(Found.by(detector, "http://[2001:db8::42]:8080/ and 8.8.8.8, 1.1.1.1/32"))
                .containsExactly("2001:db8::42", "8.8.8.8", "1.1.1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0:3000", "255.255.255.255", "mask 255.255.255.0", "::1",
        "v1.2.3.4", "version 1.2.3.4", "Chrome/120.0.0.0", "OID 1.3.6.1.4.1.311", "256.1.1.1", "01.02.03.04",
        "Chapter 3.2.1.4", "10:30:45", "00:1A:2B:3C:4D:5E", "std::vector", "Foo::Bar", "a::b",
        "2024-05-02T10:14:55.123Z"})
    void ignoresWhatIdentifiesNoHost(String text) {
        assertThat(Found.by(detector, text)).isEmpty();
    }

    @Test
    void reportsInOrderOfPosition() {
        assertThat(Found.by(detector, "10.1.2.3 then 2001:db8::1 then 10.1.2.4"))
                .containsExactly("10.1.2.3", "2001:db8::1", "10.1.2.4");
    }
}
