package com.propertyhub.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.persistence.JdbcTarget;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void readsThePostgresqlUrlFormThatPlatformsHandOut() {
        JdbcTarget t = target("postgresql://app:s3cret@db.example.com:5432/propertyhub");
        assertEquals("jdbc:postgresql://db.example.com:5432/propertyhub", t.url());
        assertEquals("app", t.user());
        assertEquals("s3cret", t.password());
        assertEquals("org.postgresql.Driver", t.driverClassName());
        assertTrue(t.isPostgres());
    }

    @Test
    void acceptsThePostgresSchemeAndNoPort() {
        JdbcTarget t = target("postgres://app:pw@db/propertyhub");
        assertEquals("jdbc:postgresql://db/propertyhub", t.url());
        assertEquals("app", t.user());
        assertEquals("pw", t.password());
    }

    @Test
    void decodesPercentEncodedCredentials() {
        JdbcTarget t = target("postgresql://us%40er:p%40ss%3Aw%2Frd@db:5432/app");
        assertEquals("us@er", t.user());
        assertEquals("p@ss:w/rd", t.password());
    }

    @Test
    void keepsQueryParametersSuchAsSslMode() {
        assertEquals("jdbc:postgresql://db:6543/app?sslmode=require&ApplicationName=ph",
                target("postgresql://u:p@db:6543/app?sslmode=require&ApplicationName=ph").url());
    }

    @Test
    void aUrlWithoutCredentialsLeavesThemToTheSettings() {
        JdbcTarget none = target("postgresql://db/app");
        assertNull(none.user());
        assertNull(none.password());
        JdbcTarget userOnly = target("postgresql://app@db/app");
        assertEquals("app", userOnly.user());
        assertNull(userOnly.password());
    }

    @Test
    void explicitUserAndPasswordWinOverTheUrls() {
        JdbcTarget t = target("postgresql://url-user:url-pw@db/app", "env-user", "env-pw");
        assertEquals("env-user", t.user());
        assertEquals("env-pw", t.password());
    }

    @Test
    void hostNamesWithUnderscoresAreAccepted() {
        // container service names such as postgres_db are not valid URI host names (RFC 2396), but are real hosts
        JdbcTarget t = target("postgresql://app:pw@postgres_db:5432/app");
        assertEquals("jdbc:postgresql://postgres_db:5432/app", t.url());
        assertEquals("app", t.user());
        assertEquals("pw", t.password());
    }

    @Test
    void acceptsIpv6Hosts() {
        assertEquals("jdbc:postgresql://[::1]:5432/app", target("postgresql://u:p@[::1]:5432/app").url());
    }

    @Test
    void passesJdbcUrlsThrough() {
        JdbcTarget t = target("jdbc:postgresql://db:5432/app?ssl=true", "u", "p");
        assertEquals("jdbc:postgresql://db:5432/app?ssl=true", t.url());
        assertEquals("u", t.user());
        assertEquals("p", t.password());
        assertEquals("org.postgresql.Driver", t.driverClassName());
        assertEquals("org.h2.Driver", target("jdbc:h2:mem:test").driverClassName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u:p@db/app", "jdbc:mysql://db/app", "db.example.com/app", "postgresql://u:p@db",
            "postgresql://u:p@db/", "postgresql://u:p@/app", "postgresql://db:port/app",
            "postgresql://u:p@db:5432/a b"})
    void refusesWhatItCannotConnectTo(String url) {
        assertThrows(ConfigException.class, () -> target(url));
    }

    @Test
    void withoutADatabaseUrlItIsAnH2FileUnderTheDataDirectory() {
        JdbcTarget t = targetOf(Map.of("DATA_DIR", "/tmp/ph-data"));
        assertTrue(t.url().startsWith("jdbc:h2:file:" + Path.of("/tmp/ph-data").toAbsolutePath()
                .resolve("propertyhub")),
                t.url());
        assertTrue(t.url().contains("MODE=PostgreSQL"), t.url());
        assertEquals("org.h2.Driver", t.driverClassName());
        assertFalse(t.isPostgres());
    }

    @Test
    void describeLeavesOutParametersAndCredentials() {
        assertEquals("jdbc:postgresql://db:5432/app",
                target("postgresql://u:secret@db:5432/app?password=secret&sslmode=require").describe());
        JdbcTarget h2 = targetOf(Map.of("DATA_DIR", "/tmp/ph"));
        assertFalse(h2.describe().contains(";"), h2.describe());
    }

    private static JdbcTarget target(String databaseUrl) {
        return targetOf(settings(databaseUrl));
    }

    private static JdbcTarget target(String databaseUrl, String user, String password) {
        Map<String, String> s = settings(databaseUrl);
        s.put("DATABASE_USER", user);
        s.put("DATABASE_PASSWORD", password);
        return targetOf(s);
    }

    private static JdbcTarget targetOf(Map<String, String> settings) {
        return DatabaseUrl.target(AppConfig.from(ConfigSource.of(settings)));
    }

    private static Map<String, String> settings(String databaseUrl) {
        Map<String, String> s = new HashMap<>();
        s.put("DATABASE_URL", databaseUrl);
        s.put("JWT_SECRET", SECRET);
        return s;
    }
}
