package com.propertyhub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which address a request's limits are kept under, behind trusted reverse proxies and without them. */
class ClientAddressesTest {
    private static final ClientAddresses BEHIND_PROXIES =
            ClientAddresses.trusting(List.of("10.0.0.0/8", "192.168.1.5", "2001:db8:aa::/48"));

    @Test
    void withoutTrustedProxiesTheHeadersAreIgnored() {
        assertEquals("10.1.2.3", ClientAddresses.direct().resolve("10.1.2.3", List.of("203.0.113.7"),
                List.of("for=203.0.113.8")));
    }

    @Test
    void aPeerThatIsNoTrustedProxyIsTheClientWhateverItSends() {
        assertEquals("198.51.100.1", BEHIND_PROXIES.resolve("198.51.100.1", List.of("203.0.113.7"), List.of()));
    }

    @Test
    void theRightMostAddressThatIsNoTrustedProxyIsTheClient() {
        // the client forged 198.51.100.66; its real address was appended by the first proxy, 10.0.0.2 by the second
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("192.168.1.5",
                List.of("198.51.100.66, 203.0.113.7", "10.0.0.2"), List.of()));
    }

    @Test
    void whenEveryHopIsTrustedTheLeftMostIsTheClient() {
        assertEquals("10.9.9.9", BEHIND_PROXIES.resolve("10.0.0.1", List.of("10.9.9.9, 10.0.0.2"), List.of()));
    }

    @Test
    void aTrustedProxyWithoutHeadersIsItself() {
        assertEquals("10.0.0.1", BEHIND_PROXIES.resolve("10.0.0.1", List.of(), List.of()));
    }

    @Test
    void anEntryThatIsNoAddressStopsTheWalkAtTheProxyThatWroteIt() {
        assertEquals("10.0.0.2", BEHIND_PROXIES.resolve("10.0.0.1", List.of("203.0.113.7, unknown, 10.0.0.2"),
                List.of()));
        assertEquals("10.0.0.1", BEHIND_PROXIES.resolve("10.0.0.1", List.of("evil.example"), List.of()));
    }

    @Test
    void rfc7239ForwardedIsReadWhenThereIsNoXForwardedFor() {
        assertEquals("2001:db8:cafe:0:0:0:0:17", BEHIND_PROXIES.resolve("10.0.0.1",
                List.of(), List.of("for=198.51.100.66, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.1")));
        assertEquals("203.0.113.9", BEHIND_PROXIES.resolve("10.0.0.1", List.of(),
                List.of("For=\"203.0.113.9:8443\"", "for=10.3.3.3")));
        assertEquals("10.0.0.1", BEHIND_PROXIES.resolve("10.0.0.1", List.of(), List.of("for=_hidden")));
    }

    @Test
    void xForwardedForWinsOverAForwardedHeaderTheClientMayHaveSent() {
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("10.0.0.1", List.of("203.0.113.7"),
                List.of("for=198.51.100.66")));
    }

    @Test
    void ipv6PeersAndRangesAreMatchedAndAddressesNormalised() {
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("[2001:db8:aa:1::2]", List.of("203.0.113.7"), List.of()));
        assertEquals("2001:db8:ab:0:0:0:0:1", BEHIND_PROXIES.resolve("2001:db8:ab::1", List.of("203.0.113.7"),
                List.of()), "2001:db8:ab:: is outside 2001:db8:aa::/48");
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("10.0.0.1", List.of("::ffff:203.0.113.7"), List.of()),
                "an IPv4-mapped IPv6 address is the IPv4 client");
        assertEquals("203.0.113.7", BEHIND_PROXIES.resolve("10.0.0.1", List.of("203.0.113.7:51234"), List.of()));
    }

    @Test
    void prefixBoundariesAreExact() {
        ClientAddresses slash20 = ClientAddresses.trusting(List.of("172.16.16.0/20"));
        assertEquals("203.0.113.7", slash20.resolve("172.16.31.255", List.of("203.0.113.7"), List.of()));
        assertEquals("172.16.32.0", slash20.resolve("172.16.32.0", List.of("203.0.113.7"), List.of()));
        assertEquals("203.0.113.7", ClientAddresses.trusting(List.of("0.0.0.0/0"))
                .resolve("8.8.8.8", List.of("203.0.113.7"), List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0.0/33", "::/129", "10.0.0.256", "10.0.0", "10.0.0.0/", "10.0.0.0/x",
            "fe80::1%eth0", "example.com/8"})
    void malformedRangesAreRefused(String range) {
        assertThrows(IllegalArgumentException.class, () -> ClientAddresses.trusting(List.of(range)));
    }

    @Test
    void onlyLiteralsAreAddresses() {
        assertNull(ClientAddresses.literal("localhost"), "a host name is never looked up");
        assertNull(ClientAddresses.literal("1.2.3.999"));
        assertEquals("1.2.3.4", ClientAddresses.literal("1.2.3.4").getHostAddress());
    }
}
