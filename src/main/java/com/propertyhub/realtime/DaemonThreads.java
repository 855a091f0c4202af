package com.propertyhub.realtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the background workers: daemon threads (they never hold a stopping JVM) with a name. */
public final class DaemonThreads {
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

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
