package com.propertyhub.persistence;

/** The database to connect to, as JDBC needs it (worked out from the configuration by {@code DatabaseUrl}). */
public record JdbcTarget(String url, String user, String password, String driverClassName) {
    public boolean isPostgres() {
        return driverClassName.equals("org.postgresql.Driver");
    }

    /** The URL without credentials, fit for a log line. */
    public String describe() {
        int semicolon = url.indexOf(';');
        int query = url.indexOf('?');
        int cut = semicolon > 0 ? semicolon : query > 0 ? query : url.length();
        return url.substring(0, cut);
    }
}
