package com.propertyhub.threads;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the background workers: daemon threads (they never hold a stopping JVM) with a name. */
public final class DaemonThreads {
    /** How long {@link #stop} waits for a stopped executor's threads. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private DaemonThreads() {
    }

    /** Every thread called {@code name} (for single-thread executors). */
    public static ThreadFactory named(String name) {
        return r -> daemon(r, name);
    }

    /** Threads called {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return r -> daemon(r, prefix + "-" + next.incrementAndGet());
    }

    /**
     * Stops {@code executor} now (its running task is interrupted, queued ones dropped) and waits up to
     * {@link #STOP_WAIT} for it to finish, so a stopping application leaves no worker of its own behind (a
     * servlet container checks for those right after undeploy).
     */
    public static void stop(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
