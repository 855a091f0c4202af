package com.propertyhub.app;

import com.propertyhub.persistence.JdbcTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database to connect to, worked out from {@code DATABASE_URL}: either a JDBC URL or the
 * {@code postgresql://user:pass@host:port/db} form that hosting platforms hand out.
 * Without {@code DATABASE_URL} it is the embedded H2 file database in PostgreSQL mode under the data directory.
 */
final class DatabaseUrl {
    /** {@code host}, {@code host:port} or {@code [ipv6]:port}. */
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\[\\]:/@]+)(:[0-9]{1,5})?");

    static JdbcTarget target(AppConfig config) {
        if (config.embeddedDatabase()) {
            String file = config.dataDir().toAbsolutePath().resolve("propertyhub").toString();
            return new JdbcTarget("jdbc:h2:file:" + file
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                    "sa", "", JdbcTarget.H2_DRIVER);
        }
        String raw = config.databaseUrl();
        if (raw.startsWith("jdbc:")) {
            return new JdbcTarget(raw, config.databaseUser(), config.databasePassword(), driverFor(raw));
        }
        if (raw.startsWith("postgresql://") || raw.startsWith("postgres://")) {
            return fromUri(raw, config);
        }
        throw new ConfigException("DATABASE_URL must start with jdbc:, postgresql:// or postgres://");
    }

    private static JdbcTarget fromUri(String raw, AppConfig config) {
        try {
            URI uri = new URI(raw);
            // The authority is split here rather than by URI.getHost(), which gives up (null) on host names that
            // are not RFC 2396 host names but do resolve, such as container service names like postgres_db.
            String authority = uri.getRawAuthority();
            int at = authority == null ? -1 : authority.lastIndexOf('@');
            Matcher hostPort = HOST_PORT.matcher(authority == null ? "" : authority.substring(at + 1));
            if (!hostPort.matches() || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new ConfigException("DATABASE_URL needs a host and a database name");
            }
            String user = config.databaseUser();
            String password = config.databasePassword();
            if (at >= 0) {
                String[] parts = authority.substring(0, at).split(":", 2);
                if (user == null) {
                    user = decode(parts[0]);
                }
                if (password == null && parts.length == 2) {
                    password = decode(parts[1]);
                }
            }
            String url = "jdbc:postgresql://" + hostPort.group(0)
                    + uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
            return new JdbcTarget(url, user, password, JdbcTarget.POSTGRES_DRIVER);
        } catch (URISyntaxException e) {
            throw new ConfigException("DATABASE_URL is not a valid URL");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String driverFor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return JdbcTarget.POSTGRES_DRIVER;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return JdbcTarget.H2_DRIVER;
        }
        throw new ConfigException("only PostgreSQL (and H2 for the embedded default) are supported");
    }

    private DatabaseUrl() {
    }
}
