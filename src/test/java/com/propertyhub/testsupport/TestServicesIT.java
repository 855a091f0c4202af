package com.propertyhub.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import redis.clients.jedis.Jedis;

/** Self-test of the test services: the real PostgreSQL, Redis and Chromium that the integration tests rely on. */
@Timeout(300)
class TestServicesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void postgresAnswersOnANewDatabase() throws SQLException {
        PostgresServer pg = PostgresServer.shared();
        assertEquals("127.0.0.1", pg.host());
        assertNotEquals(5432, pg.port());
        String url = pg.newDatabase();
        assertTrue(url.startsWith("jdbc:postgresql://127.0.0.1:" + pg.port() + "/"), url);

        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select 1, current_database()")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals(url.substring(url.lastIndexOf('/') + 1), rs.getString(2));
        }
    }

    @Test
    void newDatabaseGivesSeparateDatabases() throws SQLException {
        PostgresServer pg = PostgresServer.shared();
        String first = pg.newDatabase();
        String second = pg.newDatabase();
        assertNotEquals(first, second);

        try (Connection c = DriverManager.getConnection(first, pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("create table only_in_first (id int)");
        }
        try (Connection c = DriverManager.getConnection(second, pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from information_schema.tables "
                     + "where table_name = 'only_in_first'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "a table of the first database is visible in the second");
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        PostgresServer pg = PostgresServer.shared();
        String url = pg.newDatabase();
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, pg.user(), "wrong").close());
    }

    @Test
    void postgresCanBeStoppedAndStartedAgain() throws SQLException {
        PostgresServer pg = PostgresServer.shared();
        String url = pg.newDatabase();
        int port = pg.port();
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("create table kept (id int)");
            s.execute("insert into kept values (42)");
        }

        pg.stopServer();
        try {
            assertFalse(pg.isServerRunning());
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, pg.user(), pg.password()).close());
        } finally {
            pg.startServer();
        }

        assertEquals(port, pg.port());
        assertTrue(pg.isServerRunning());
        Await.until(WAIT, () -> canQuery(pg, url), "PostgreSQL answering again after startServer()");
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from kept")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1), "data survives a stop/start");
        }
    }

    @Test
    void redisCanBeKilledAndStartedAgainOnTheSamePort() {
        RedisServer redis = RedisServer.shared();
        int port = redis.port();
        assertNotEquals(6379, port);
        assertEquals("redis://127.0.0.1:" + port, redis.url());
        assertTrue(redis.isRunning());
        try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
            assertEquals("PONG", jedis.ping());
        }

        redis.kill();
        try {
            assertFalse(redis.isRunning());
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                }
            });
        } finally {
            redis.start();
        }

        assertEquals(port, redis.port());
        assertTrue(redis.isRunning());
        Await.until(WAIT, redis::ping, "Redis answering PING again after start()");
        try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
            assertEquals("PONG", jedis.ping());
            jedis.set("k", "v");
            assertEquals("v", jedis.get("k"));
        }
    }

    @Test
    void headlessChromeRendersAPage() {
        WebDriver driver = Browser.newChrome();
        try {
            driver.get("data:text/html,<h1>hi</h1>");
            assertEquals("hi", driver.findElement(By.tagName("h1")).getText());
        } finally {
            driver.quit();
        }
    }

    private static boolean canQuery(PostgresServer pg, String url) {
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("select 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
