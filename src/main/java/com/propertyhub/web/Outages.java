package com.propertyhub.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Recognises "the database cannot be reached" anywhere in an exception's cause chain. */
public final class Outages {
    private Outages() {
    }

    public static boolean isDatabaseOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")
                    || (t instanceof SQLException sql && isConnectionState(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 is "connection exception"; 57P0x means the server is shutting down. */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }
}
