package com.propertyhub.app;

import com.propertyhub.web.ClientAddresses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the application, read once at start-up into an immutable value.
 * Each field's variable name and default are listed in the README's configuration table.
 *
 * @param jwtSecret {@code null} means "embedded default": a random secret kept under {@link #dataDir}
 * @param tls {@code null} means HTTP only (HTTP/1.1 and cleartext HTTP/2 on {@link #port})
 */
public record AppConfig(
        int port,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        Path dataDir,
        String jwtSecret,
        Duration jwtTtl,
        String bootstrapAdminEmail,
        String bootstrapAdminPassword,
        boolean demoData,
        String redisUrl,
        String nodeId,
        int passwordHashCost,
        Duration sseHeartbeat,
        Duration sseRetry,
        int sseMaxStreamsPerUser,
        int sseQueueLimit,
        Duration streamTicketTtl,
        Duration eventRetention,
        long eventRetentionCount,
        Duration eventCleanupInterval,
        int loginMaxFailures,
        int emitMaxPerMinute,
        Duration loginFailureWindow,
        List<String> corsOrigins,
        boolean presence,
        Duration presenceGrace,
        int httpMaxHeaderSize,
        int httpSendBuffer,
        int sseFanoutThreads,
        List<String> trustedProxies,
        int streamRateBurst,
        int streamRatePerMinute,
        int streamAuthFailuresPerMinute,
        String metricsToken,
        String bindAddress,
        Duration httpHeaderTimeout,
        Duration eventCatchupInterval,
        Duration redisCanaryInterval,
        TlsSettings tls) {

    public static final int MIN_JWT_SECRET_BYTES = 32;
    /** A static scrape token is a password for the metrics: as long as a signing key. */
    public static final int MIN_METRICS_TOKEN_BYTES = 32;
    /** Bytes of request line plus headers the standalone server accepts (Jetty's own default is 8 KiB). */
    public static final int DEFAULT_HTTP_MAX_HEADER_SIZE = 16 * 1024;
    /**
     * Kernel send buffer per connection (SO_SNDBUF) of the standalone server. Fixed rather than autotuned: Linux
     * lets an unread socket grow to several MB, so a thousand stalled event streams would pin gigabytes of
     * kernel memory and slow every other stream before their queues overflow and they are cut.
     */
    public static final int DEFAULT_HTTP_SEND_BUFFER = 64 * 1024;
    /**
     * How long a connection may take to send a request's line and headers, from when it opened or its previous
     * answer ended: a client trickling a header every few seconds (slowloris) is cut off after this.
     */
    public static final Duration DEFAULT_HTTP_HEADER_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How often a node reads the log for events the cluster bus did not bring. A safety net only: with Redis up,
     * events reach other nodes through it in milliseconds, so a long interval costs nothing while the bus works.
     */
    public static final Duration DEFAULT_EVENT_CATCHUP_INTERVAL = Duration.ofSeconds(1);
    /** How often a node sends itself a canary through Redis to prove its subscriber still hears the channel. */
    public static final Duration DEFAULT_REDIS_CANARY_INTERVAL = Duration.ofSeconds(2);
    /** Threads that write one event to a large room's streams together: the cores, at most 4. */
    public static final int DEFAULT_SSE_FANOUT_THREADS =
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    public boolean embeddedDatabase() {
        return databaseUrl == null;
    }

    public Optional<TlsSettings> https() {
        return Optional.ofNullable(tls);
    }

    public Optional<String> redis() {
        return Optional.ofNullable(redisUrl);
    }

    public static AppConfig from(ConfigSource source) {
        Reader r = new Reader(source);
        String databaseUrl = r.text("DATABASE_URL", null);
        String jwtSecret = r.text("JWT_SECRET", null);
        if (jwtSecret != null
                && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
            throw new ConfigException("JWT_SECRET must be at least " + MIN_JWT_SECRET_BYTES + " bytes long");
        }
        if (databaseUrl != null && jwtSecret == null) {
            throw new ConfigException("JWT_SECRET (at least " + MIN_JWT_SECRET_BYTES
                    + " bytes) is required when DATABASE_URL is set");
        }
        String metricsToken = r.text("METRICS_TOKEN", null);
        if (metricsToken != null
                && metricsToken.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_METRICS_TOKEN_BYTES) {
            throw new ConfigException("METRICS_TOKEN must be at least " + MIN_METRICS_TOKEN_BYTES + " bytes long");
        }
        String adminEmail = r.text("BOOTSTRAP_ADMIN_EMAIL", null);
        String adminPassword = r.text("BOOTSTRAP_ADMIN_PASSWORD", null);
        if ((adminEmail == null) != (adminPassword == null)) {
            throw new ConfigException("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD go together");
        }
        List<String> trustedProxies = r.list("TRUSTED_PROXIES");
        try {
            ClientAddresses.trusting(trustedProxies);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TRUSTED_PROXIES must be comma-separated IPv4 or IPv6 addresses or CIDR ranges: "
                    + e.getMessage());
        }
        int port = r.integer("PORT", 8080, 0, 65535);
        return new AppConfig(
                port,
                databaseUrl,
                r.text("DATABASE_USER", null),
                r.text("DATABASE_PASSWORD", null),
                r.integer("DATABASE_POOL_SIZE", 10, 1, 500),
                Path.of(r.text("DATA_DIR", "data")),
                jwtSecret,
                r.duration("JWT_TTL", Duration.ofHours(8)),
                adminEmail,
                adminPassword,
                r.bool("DEMO_DATA", databaseUrl == null),
                r.text("REDIS_URL", null),
                r.text("NODE_ID", null),
                r.integer("PASSWORD_HASH_COST", 10, 4, 31),
                r.duration("SSE_HEARTBEAT", Duration.ofSeconds(25)),
                r.duration("SSE_RETRY", Duration.ofSeconds(3)),
                r.integer("SSE_MAX_STREAMS_PER_USER", 10, 1, 100_000),
                r.integer("SSE_QUEUE_LIMIT", 1000, 16, 1_000_000),
                r.duration("STREAM_TICKET_TTL", Duration.ofSeconds(30), Duration.ofSeconds(60)),
                r.duration("EVENT_RETENTION", Duration.ofDays(7)),
                r.integer("EVENT_RETENTION_COUNT", 1_000_000, 1, Integer.MAX_VALUE),
                r.duration("EVENT_CLEANUP_INTERVAL", Duration.ofMinutes(1)),
                r.integer("LOGIN_MAX_FAILURES", 5, 1, 10_000),
                r.integer("EMIT_MAX_PER_MINUTE", 6000, 1, 10_000_000),
                r.duration("LOGIN_FAILURE_WINDOW", Duration.ofMinutes(5)),
                r.list("CORS_ORIGINS"),
                r.bool("PRESENCE", true),
                r.duration("PRESENCE_GRACE", Duration.ofSeconds(5), Duration.ofMinutes(10)),
                r.integer("HTTP_MAX_HEADER_SIZE", DEFAULT_HTTP_MAX_HEADER_SIZE, 4096, 1024 * 1024),
                r.integer("HTTP_SEND_BUFFER", DEFAULT_HTTP_SEND_BUFFER, 0, 64 * 1024 * 1024),
                r.integer("SSE_FANOUT_THREADS", DEFAULT_SSE_FANOUT_THREADS, 1, 64),
                trustedProxies,
                r.integer("STREAM_RATE_BURST", 20, 1, 10_000_000),
                r.integer("STREAM_RATE_PER_MINUTE", 600, 1, 100_000_000),
                r.integer("STREAM_AUTH_FAILURES_PER_MINUTE", 30, 1, 10_000_000),
                metricsToken,
                // The embedded database is the demo and development set-up: reachable from this machine only,
                // unless asked. A node on PostgreSQL is a deployment, reached through its network.
                r.text("BIND_ADDRESS", databaseUrl == null ? "127.0.0.1" : "0.0.0.0"),
                r.duration("HTTP_HEADER_TIMEOUT", DEFAULT_HTTP_HEADER_TIMEOUT, Duration.ofMinutes(5)),
                // Below 100 ms the safety net would become a busy loop on the database or on Redis.
                r.duration("EVENT_CATCHUP_INTERVAL", DEFAULT_EVENT_CATCHUP_INTERVAL, Duration.ofMillis(100),
                        Duration.ofHours(1)),
                r.duration("REDIS_CANARY_INTERVAL", DEFAULT_REDIS_CANARY_INTERVAL, Duration.ofMillis(100),
                        Duration.ofMinutes(1)),
                tls(r, port));
    }

    private static TlsSettings tls(Reader r, int port) {
        String keystore = r.text("TLS_KEYSTORE", null);
        String password = r.text("TLS_KEYSTORE_PASSWORD", null);
        if (keystore == null) {
            for (String name : List.of("TLS_PORT", "TLS_KEYSTORE_PASSWORD")) {
                if (r.text(name, null) != null) {
                    throw new ConfigException(name + " is set but TLS_KEYSTORE is not: HTTPS needs a PKCS12 keystore");
                }
            }
            return null;
        }
        if (password == null) {
            throw new ConfigException("TLS_KEYSTORE_PASSWORD is required when TLS_KEYSTORE is set");
        }
        int tlsPort = r.integer("TLS_PORT", TlsSettings.DEFAULT_PORT, 0, 65535);
        if (tlsPort != 0 && tlsPort == port) {
            throw new ConfigException("TLS_PORT and PORT must differ, both were " + port);
        }
        return new TlsSettings(tlsPort, Path.of(keystore), password);
    }

    private record Reader(ConfigSource source) {
        String text(String name, String fallback) {
            return source.get(name).map(String::trim).filter(s -> !s.isEmpty()).orElse(fallback);
        }

        int integer(String name, int fallback, int min, int max) {
            String raw = text(name, null);
            if (raw == null) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(raw);
                if (value < min || value > max) {
                    throw new ConfigException(name + " must be between " + min + " and " + max + ", was " + raw);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number, was '" + raw + "'");
            }
        }

        boolean bool(String name, boolean fallback) {
            String raw = text(name, null);
            if (raw == null) {
                return fallback;
            }
            return switch (raw.toLowerCase()) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new ConfigException(name + " must be true or false, was '" + raw + "'");
            };
        }

        Duration duration(String name, Duration fallback, Duration max) {
            Duration d = duration(name, fallback);
            if (d.compareTo(max) > 0) {
                throw new ConfigException(name + " must be at most " + max.toSeconds() + "s, was "
                        + d.toSeconds() + "s");
            }
            return d;
        }

        Duration duration(String name, Duration fallback, Duration min, Duration max) {
            Duration d = duration(name, fallback, max);
            if (d.compareTo(min) < 0) {
                throw new ConfigException(name + " must be at least " + min.toMillis() + "ms, was "
                        + d.toMillis() + "ms");
            }
            return d;
        }

        Duration duration(String name, Duration fallback) {
            String raw = text(name, null);
            if (raw == null) {
                return fallback;
            }
            try {
                Duration d = Durations.parse(raw);
                if (d.isNegative() || d.isZero()) {
                    throw new ConfigException(name + " must be positive, was '" + raw + "'");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + " must be a duration such as 30s, 15m, 8h or 7d, was '" + raw + "'");
            }
        }

        List<String> list(String name) {
            String raw = text(name, null);
            return raw == null ? List.of()
                    : java.util.Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
