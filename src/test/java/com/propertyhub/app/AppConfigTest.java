package com.propertyhub.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppConfigTest {
    private static final String SECRET_32 = "0123456789abcdef0123456789abcdef";
    private static final String PG = "postgresql://app:pw@db.example:5432/propertyhub";

    @Test
    void withNothingSetItIsTheEmbeddedDefault() {
        AppConfig c = AppConfig.from(ConfigSource.of(Map.of()));
        assertTrue(c.embeddedDatabase());
        assertNull(c.jwtSecret(), "the embedded default keeps a generated key under DATA_DIR");
        assertTrue(c.demoData(), "demo data is on by default without a database");
        assertEquals(8080, c.port());
        assertEquals(Path.of("data"), c.dataDir());
        assertEquals(Duration.ofHours(8), c.jwtTtl());
        assertEquals(10, c.passwordHashCost());
        assertEquals(5, c.loginMaxFailures());
        assertEquals(Duration.ofMinutes(5), c.loginFailureWindow());
        assertEquals(Duration.ofSeconds(25), c.sseHeartbeat());
        assertTrue(c.redis().isEmpty());
        assertEquals(List.of(), c.corsOrigins());
        assertEquals(Duration.ofSeconds(5), c.presenceGrace());
        assertEquals(16 * 1024, c.httpMaxHeaderSize());
    }

    @Test
    void theHeaderSizeLimitIsASettingWithSaneBounds() {
        assertEquals(65536, AppConfig.from(ConfigSource.of(Map.of("HTTP_MAX_HEADER_SIZE", "65536")))
                .httpMaxHeaderSize());
        for (String bad : List.of("100", "99999999", "16KB")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> AppConfig.from(ConfigSource.of(Map.of("HTTP_MAX_HEADER_SIZE", bad))));
            assertTrue(e.getMessage().contains("HTTP_MAX_HEADER_SIZE"), e.getMessage());
        }
    }

    @Test
    void databaseUrlWithoutJwtSecretIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AppConfig.from(ConfigSource.of(Map.of("DATABASE_URL", PG))));
        assertTrue(e.getMessage().contains("JWT_SECRET"), e.getMessage());
    }

    @Test
    void streamTicketsLiveAtMostAMinute() {
        assertEquals(Duration.ofSeconds(60), AppConfig.from(ConfigSource.of(Map.of("STREAM_TICKET_TTL", "60s")))
                .streamTicketTtl());
        ConfigException e = assertThrows(ConfigException.class,
                () -> AppConfig.from(ConfigSource.of(Map.of("STREAM_TICKET_TTL", "61s"))));
        assertTrue(e.getMessage().contains("STREAM_TICKET_TTL"), e.getMessage());
    }

    @Test
    void aBlankJwtSecretCountsAsMissing() {
        assertThrows(ConfigException.class,
                () -> AppConfig.from(ConfigSource.of(Map.of("DATABASE_URL", PG, "JWT_SECRET", "   "))));
    }

    @Test
    void aJwtSecretShorterThan32BytesIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AppConfig.from(
                        ConfigSource.of(Map.of("DATABASE_URL", PG, "JWT_SECRET", SECRET_32.substring(1)))));
        assertTrue(e.getMessage().contains("32"), e.getMessage());
        assertThrows(ConfigException.class,
                () -> AppConfig.from(ConfigSource.of(Map.of("JWT_SECRET", "short"))), "also without a database");
    }

    @Test
    void theJwtSecretLengthIsCountedInBytes() {
        // 16 characters, 32 bytes in UTF-8: long enough for HS256
        AppConfig c = AppConfig.from(ConfigSource.of(Map.of("DATABASE_URL", PG, "JWT_SECRET", "é".repeat(16))));
        assertEquals("é".repeat(16), c.jwtSecret());
    }

    @Test
    void aDatabaseWithASecretIsAccepted() {
        AppConfig c = AppConfig.from(ConfigSource.of(Map.of("DATABASE_URL", PG, "JWT_SECRET", SECRET_32)));
        assertFalse(c.embeddedDatabase());
        assertFalse(c.demoData(), "no demo data in a real database unless asked");
        assertEquals(PG, c.databaseUrl());
    }

    @Test
    void theBootstrapAdminNeedsBothEmailAndPassword() {
        assertThrows(ConfigException.class,
                () -> AppConfig.from(ConfigSource.of(Map.of("BOOTSTRAP_ADMIN_EMAIL", "root@example.com"))));
        assertThrows(ConfigException.class,
                () -> AppConfig.from(ConfigSource.of(Map.of("BOOTSTRAP_ADMIN_PASSWORD", "secret-password"))));
        AppConfig c = AppConfig.from(ConfigSource.of(Map.of("BOOTSTRAP_ADMIN_EMAIL", "root@example.com",
                "BOOTSTRAP_ADMIN_PASSWORD", "secret-password")));
        assertEquals("root@example.com", c.bootstrapAdminEmail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PORT=-1", "PORT=65536", "PORT=http", "PASSWORD_HASH_COST=3", "PASSWORD_HASH_COST=32",
            "DEMO_DATA=maybe", "JWT_TTL=forever", "JWT_TTL=0s", "SSE_HEARTBEAT=-5s", "LOGIN_MAX_FAILURES=0",
            "DATABASE_POOL_SIZE=0", "JWT_TTL=9999999999999999999d", "JWT_TTL=999999999999999999h",
            "TRUSTED_PROXIES=proxy.internal", "TRUSTED_PROXIES=10.0.0.0/8,10.0.0.0/40", "STREAM_RATE_BURST=0",
            "STREAM_RATE_PER_MINUTE=0", "STREAM_AUTH_FAILURES_PER_MINUTE=0"})
    void badValuesAreRefusedWithTheirName(String setting) {
        String[] kv = setting.split("=", 2);
        ConfigException e = assertThrows(ConfigException.class,
                () -> AppConfig.from(ConfigSource.of(Map.of(kv[0], kv[1]))));
        assertTrue(e.getMessage().contains(kv[0]), e.getMessage());
    }

    @Test
    void noProxyIsTrustedByDefaultAndStreamActionsAreLimited() {
        AppConfig c = AppConfig.from(ConfigSource.of(Map.of()));
        assertEquals(List.of(), c.trustedProxies());
        assertEquals(20, c.streamRateBurst());
        assertEquals(600, c.streamRatePerMinute());
        assertEquals(30, c.streamAuthFailuresPerMinute());
        assertEquals(List.of("10.0.0.0/8", "::1"),
                AppConfig.from(ConfigSource.of(Map.of("TRUSTED_PROXIES", " 10.0.0.0/8 , ::1 "))).trustedProxies());
    }

    @Test
    void valuesAreReadTrimmed() {
        Map<String, String> values = new HashMap<>();
        values.put("PORT", " 9090 ");
        values.put("JWT_TTL", "15m");
        values.put("DEMO_DATA", "off");
        values.put("PRESENCE_GRACE", " 3s ");
        values.put("CORS_ORIGINS", " https://a.example , ,https://b.example ");
        AppConfig c = AppConfig.from(ConfigSource.of(values));
        assertEquals(9090, c.port());
        assertEquals(Duration.ofMinutes(15), c.jwtTtl());
        assertFalse(c.demoData());
        assertEquals(Duration.ofSeconds(3), c.presenceGrace());
        assertEquals(List.of("https://a.example", "https://b.example"), c.corsOrigins());
    }

    @Test
    void theFirstSourceWithAValueWins() {
        ConfigSource first = ConfigSource.of(Map.of("PORT", " "));
        ConfigSource second = ConfigSource.of(Map.of("PORT", "7000", "NODE_ID", "n2"));
        AppConfig c = AppConfig.from(ConfigSource.firstOf(List.of(first, second)));
        assertEquals(7000, c.port(), "a blank value does not hide a later source's");
        assertEquals("n2", c.nodeId());
    }

    @Test
    void theEmbeddedDefaultListensOnLoopbackOnlyADeploymentOnEveryInterface() {
        assertEquals("127.0.0.1", AppConfig.from(ConfigSource.of(Map.of())).bindAddress());
        assertEquals("0.0.0.0", AppConfig.from(ConfigSource.of(Map.of("DATABASE_URL", PG, "JWT_SECRET", SECRET_32)))
                .bindAddress());
        assertEquals("0.0.0.0", AppConfig.from(ConfigSource.of(Map.of("BIND_ADDRESS", "0.0.0.0"))).bindAddress());
        assertEquals("10.0.0.5", AppConfig.from(ConfigSource.of(Map.of("DATABASE_URL", PG, "JWT_SECRET", SECRET_32,
                "BIND_ADDRESS", "10.0.0.5"))).bindAddress());
    }

    @Test
    void headerTimeoutAndMetricsTokenHaveDefaultsAndLimits() {
        AppConfig defaults = AppConfig.from(ConfigSource.of(Map.of()));
        assertEquals(Duration.ofSeconds(20), defaults.httpHeaderTimeout());
        assertNull(defaults.metricsToken(), "no scrape token: admin tokens only");
        assertEquals(Duration.ofSeconds(3), AppConfig.from(ConfigSource.of(Map.of("HTTP_HEADER_TIMEOUT", "3s")))
                .httpHeaderTimeout());
        assertThrows(ConfigException.class,
                () -> AppConfig.from(ConfigSource.of(Map.of("HTTP_HEADER_TIMEOUT", "10m"))));
        assertThrows(ConfigException.class, () -> AppConfig.from(ConfigSource.of(Map.of("METRICS_TOKEN", "short"))));
        assertEquals(SECRET_32, AppConfig.from(ConfigSource.of(Map.of("METRICS_TOKEN", SECRET_32))).metricsToken());
    }

    @Test
    void catchUpAndCanaryIntervalsAreDurationsWithinBounds() {
        AppConfig defaults = AppConfig.from(ConfigSource.of(Map.of()));
        assertEquals(Duration.ofSeconds(1), defaults.eventCatchupInterval());
        assertEquals(Duration.ofSeconds(2), defaults.redisCanaryInterval());
        assertEquals(Duration.ofMillis(500), AppConfig.from(ConfigSource.of(Map.of("EVENT_CATCHUP_INTERVAL", "500ms")))
                .eventCatchupInterval());
        assertEquals(Duration.ofMinutes(10), AppConfig.from(ConfigSource.of(Map.of("EVENT_CATCHUP_INTERVAL", "PT10M")))
                .eventCatchupInterval());
        assertEquals(Duration.ofSeconds(30), AppConfig.from(ConfigSource.of(Map.of("REDIS_CANARY_INTERVAL", "30s")))
                .redisCanaryInterval());
        for (String name : List.of("EVENT_CATCHUP_INTERVAL", "REDIS_CANARY_INTERVAL")) {
            for (String bad : List.of("soon", "0", "-1s", "50ms", "2h")) {
                ConfigException e = assertThrows(ConfigException.class,
                        () -> AppConfig.from(ConfigSource.of(Map.of(name, bad))), name + "=" + bad);
                assertTrue(e.getMessage().startsWith(name + " must be"), e.getMessage());
            }
        }
    }

    @Test
    void httpsIsOffWithoutAKeystoreAndItsOtherSettingsNeedOne() {
        assertTrue(AppConfig.from(ConfigSource.of(Map.of())).https().isEmpty());
        for (String name : List.of("TLS_PORT", "TLS_KEYSTORE_PASSWORD")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> AppConfig.from(ConfigSource.of(Map.of(name, "8443"))));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("TLS_KEYSTORE"), e.getMessage());
        }
    }

    @Test
    void aKeystoreIsOpenedAtStartUpWithClearErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var keystore = com.propertyhub.testsupport.SelfSignedKeystore.create(dir);
        String path = keystore.path().toString();
        TlsSettings tls = AppConfig.from(ConfigSource.of(Map.of("TLS_KEYSTORE", path,
                "TLS_KEYSTORE_PASSWORD", keystore.password()))).https().orElseThrow();
        assertEquals(TlsSettings.DEFAULT_PORT, tls.port());
        assertFalse(tls.toString().contains(keystore.password()), "the password is not logged");

        Map<String, String> wrongPassword = Map.of("TLS_KEYSTORE", path, "TLS_KEYSTORE_PASSWORD", "wrong");
        Map<String, String> noPassword = Map.of("TLS_KEYSTORE", path);
        Map<String, String> missing = Map.of("TLS_KEYSTORE", dir.resolve("nope.p12").toString(),
                "TLS_KEYSTORE_PASSWORD", "x");
        java.nio.file.Files.writeString(dir.resolve("junk.p12"), "not a keystore");
        Map<String, String> junk = Map.of("TLS_KEYSTORE", dir.resolve("junk.p12").toString(),
                "TLS_KEYSTORE_PASSWORD", "x");
        Map<String, String> samePort = Map.of("TLS_KEYSTORE", path, "TLS_KEYSTORE_PASSWORD", keystore.password(),
                "PORT", "8443");
        for (var settings : List.of(wrongPassword, noPassword, missing, junk, samePort)) {
            ConfigException e = assertThrows(ConfigException.class, () -> AppConfig.from(ConfigSource.of(settings)),
                    settings.toString());
            assertTrue(e.getMessage().contains("TLS_"), e.getMessage());
        }
    }
}
