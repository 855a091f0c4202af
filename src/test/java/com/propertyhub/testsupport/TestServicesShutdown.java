package com.propertyhub.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Closes the shared test services ({@link PostgresServer}, {@link RedisServer}, open {@link Browser} drivers) when
 * the JUnit launcher session ends. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}; a JVM shutdown hook does the same as
 * a fallback (e.g. the JVM exits without closing the session, or on Ctrl-C / SIGTERM).
 */
public final class TestServicesShutdown implements LauncherSessionListener {

    private static boolean hookRegistered;

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        closeAll();
    }

    /** Quits open browsers and stops the shared Redis and PostgreSQL servers that were started. Never throws. */
    public static void closeAll() {
        run(Browser::quitAll);
        run(RedisServer::closeShared);
        run(PostgresServer::closeShared);
    }

    /** Registers the JVM shutdown hook (once); called by each service when it first starts. */
    static synchronized void registerShutdownHook() {
        if (!hookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestServicesShutdown::closeAll, "test-services-shutdown"));
            hookRegistered = true;
        }
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            System.err.println("[testsupport] shutdown step failed: " + e);
        }
    }
}
