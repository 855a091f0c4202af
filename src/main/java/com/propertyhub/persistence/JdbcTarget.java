package com.propertyhub.persistence;

/** The database to connect to, as JDBC needs it (worked out from the configuration by {@code DatabaseUrl}). */
public record JdbcTarget(String url, String user, String password, String driverClassName) {
    public static final String POSTGRES_DRIVER = "org.postgresql.Driver";
    public static final String H2_DRIVER = "org.h2.Driver";

    public boolean isPostgres() {
        return driverClassName.equals(POSTGRES_DRIVER);
    }

    /** The URL without credentials, fit for a log line. */
    public String describe() {
        int semicolon = url.indexOf(';');
        int query = url.indexOf('?');
        int cut = semicolon > 0 ? semicolon : query > 0 ? query : url.length();
        return url.substring(0, cut);
    }
}
