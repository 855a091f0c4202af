package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertError;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login attempts are limited per client address (10 x LOGIN_MAX_FAILURES per window). Behind a reverse proxy
 * every request comes from the proxy: with the proxy in TRUSTED_PROXIES the address is the one the proxy
 * forwards, so one client's bad logins lock out that client only, and what a client writes into the headers
 * itself is never believed. Without TRUSTED_PROXIES the headers are ignored.
 */
class TrustedProxiesIT {
    private static final int MAX_FAILURES = 2;
    private static final int PER_ADDRESS = MAX_FAILURES * 10;

    static TestNode behindProxy;
    static TestNode direct;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("LOGIN_MAX_FAILURES", Integer.toString(MAX_FAILURES));
        settings.put("TRUSTED_PROXIES", "127.0.0.1/32, ::1/128");
        behindProxy = TestNode.start(settings);
        Map<String, String> none = TestNode.freshDatabaseSettings();
        none.put("LOGIN_MAX_FAILURES", Integer.toString(MAX_FAILURES));
        direct = TestNode.start(none);
    }

    @AfterAll
    static void stop() {
        if (behindProxy != null) {
            behindProxy.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    @Test
    void oneClientsBadLoginsBehindTheProxyLockOutThatClientOnly() {
        ApiClient attacker = behindProxy.api().withHeader("X-Forwarded-For", "203.0.113.7");
        useUpTheAddressLimit(attacker);
        ApiClient colleague = behindProxy.api().withHeader("X-Forwarded-For", "203.0.113.8");
        Fixtures.expect(colleague.post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)), 200);
    }

    @Test
    void anAddressTheClientPutsLeftOfWhatTheProxyAppendedIsNotBelieved() {
        // The client rotates a forged first entry; the proxy appends the address it really came from.
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertError(behindProxy.api().withHeader("X-Forwarded-For", "198.51.100." + i + ", 203.0.113.9")
                    .post("/api/auth/login", badLogin()), 401, "invalid_credentials");
        }
        assertError(behindProxy.api().withHeader("X-Forwarded-For", "198.51.100.200, 203.0.113.9")
                .post("/api/auth/login", badLogin()), 429, "rate_limited");
        // ... while another client of the same proxy is not affected.
        assertError(behindProxy.api().withHeader("X-Forwarded-For", "203.0.113.10")
                .post("/api/auth/login", badLogin()), 401, "invalid_credentials");
    }

    @Test
    void aProxyThatSpeaksRfc7239ForwardedIsReadToo() {
        ApiClient v6 = behindProxy.api().withHeader("Forwarded", "for=\"[2001:db8::7]:4711\";proto=https");
        useUpTheAddressLimit(v6);
        // the same address, written the long way, is the same client
        assertError(behindProxy.api().withHeader("Forwarded", "for=\"[2001:db8:0:0:0:0:0:7]\"")
                .post("/api/auth/login", badLogin()), 429, "rate_limited");
        assertError(behindProxy.api().withHeader("Forwarded", "for=\"[2001:db8::8]\"")
                .post("/api/auth/login", badLogin()), 401, "invalid_credentials");
    }

    @Test
    void withoutTrustedProxiesForwardedAddressesAreIgnored() {
        // Every attempt claims another address: all of them still count against the real peer (loopback).
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertError(direct.api().withHeader("X-Forwarded-For", "203.0.113." + i)
                    .withHeader("Forwarded", "for=198.51.100." + i).post("/api/auth/login", badLogin()),
                    401, "invalid_credentials");
        }
        assertError(direct.api().withHeader("X-Forwarded-For", "203.0.113.250")
                .post("/api/auth/login", badLogin()), 429, "rate_limited");
    }

    /** PER_ADDRESS failed logins (each for another unknown email, so no account limit is reached), then a 429. */
    private static void useUpTheAddressLimit(ApiClient client) {
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertError(client.post("/api/auth/login", badLogin()), 401, "invalid_credentials");
        }
        assertError(client.post("/api/auth/login", badLogin()), 429, "rate_limited");
        assertError(client.post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD)), 429, "rate_limited");
    }

    private static Map<String, String> badLogin() {
        return Map.of("email", "nobody-" + UUID.randomUUID() + "@propertyhub.test", "password", "wrong");
    }
}
