package com.propertyhub.testsupport;

import com.propertyhub.app.AppConfig;
import com.propertyhub.app.Application;
import com.propertyhub.app.ConfigSource;
import com.propertyhub.app.Main;
import com.propertyhub.app.ServerConnectors;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One application node on a free port, wired exactly as the standalone run ({@link Main#newServer}), against
 * the test PostgreSQL (and Redis when asked). Several nodes may share one database to form a cluster. A node
 * stopped here always runs its own shutdown path; a test of a node that dies uses a {@link NodeProcess}.
 */
public final class TestNode implements AutoCloseable {
    public static final String ADMIN_EMAIL = "root@propertyhub.test";
    public static final String ADMIN_PASSWORD = "root-password-1";
    public static final String JWT_SECRET = "test-secret-that-is-at-least-32-bytes-long!";

    private final Map<String, String> settings;
    private Server server;

    private TestNode(Map<String, String> settings) {
        this.settings = settings;
    }

    /** Settings for a node on a fresh, empty PostgreSQL database, with the bootstrap SUPER_ADMIN. */
    public static Map<String, String> freshDatabaseSettings() {
        Map<String, String> s = new HashMap<>();
        s.put("DATABASE_URL", PostgresServer.shared().newDatabase());
        s.put("DATABASE_USER", PostgresServer.USER);
        s.put("DATABASE_PASSWORD", PostgresServer.PASSWORD);
        s.put("JWT_SECRET", JWT_SECRET);
        s.put("BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        s.put("BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Fast hashes keep the suite quick; the production default is 10.
        s.put("PASSWORD_HASH_COST", "4");
        s.put("DATABASE_POOL_SIZE", "8");
        return s;
    }

    /** Starts a node with the given settings (use {@link #freshDatabaseSettings()} as the base). */
    public static TestNode start(Map<String, String> settings) {
        TestNode node = new TestNode(Map.copyOf(settings));
        node.startServer();
        return node;
    }

    /** A node on a fresh database with default settings. */
    public static TestNode start() {
        return start(freshDatabaseSettings());
    }

    private void startServer() {
        startServer(0);
    }

    private void startServer(int port) {
        AppConfig config = AppConfig.from(ConfigSource.of(settings));
        server = Main.newServer(port, config);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("node failed to start", e);
        }
    }

    /** Stops the node and starts it again on the same port, settings and database (browsers reconnect). */
    public void restart() {
        int port = port();
        stop();
        startServer(port);
    }

    public Map<String, String> settings() {
        return settings;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The HTTPS port of a node started with {@code TLS_KEYSTORE}. */
    public int tlsPort() {
        for (var connector : server.getConnectors()) {
            if (ServerConnectors.HTTPS.equals(connector.getName())) {
                return ((ServerConnector) connector).getLocalPort();
            }
        }
        throw new IllegalStateException("this node has no HTTPS connector (TLS_KEYSTORE is not set)");
    }

    public String httpsUrl() {
        return "https://localhost:" + tlsPort();
    }

    /** HTTP/2 connections (cleartext and TLS) open on this node now. */
    public long openHttp2Connections() {
        long n = 0;
        for (var connector : server.getConnectors()) {
            n += connector.getConnectedEndPoints().stream()
                    .map(e -> e.getConnection() instanceof SslConnection tls ? tls.getSslEndPoint().getConnection()
                            : e.getConnection())
                    .filter(c -> c instanceof HTTP2Connection).count();
        }
        return n;
    }

    public Application application() {
        return Main.application(server);
    }

    public ApiClient api() {
        return new ApiClient(baseUrl());
    }

    public boolean isRunning() {
        return server != null && server.isStarted();
    }

    /** Drops every open connection (as a network failure would), without a final frame; the node keeps running. */
    public void dropConnections() {
        for (var connector : server.getConnectors()) {
            connector.getConnectedEndPoints().forEach(endPoint -> endPoint.close());
        }
    }

    public void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("node failed to stop", e);
            }
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
