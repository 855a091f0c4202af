package com.propertyhub.persistence;

import com.propertyhub.threads.DaemonThreads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The connection pool's threads (housekeeper, connection adder and closer), remembered so that closing the
 * database can wait until they have really ended. An executor reports itself terminated a moment before its
 * last thread has exited, and a servlet container that checks right after undeploy would see that thread
 * still alive, as one the web application left behind.
 */
final class PoolThreads implements ThreadFactory {
    private final ThreadFactory threads;
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    PoolThreads(String prefix) {
        this.threads = DaemonThreads.numbered(prefix);
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = threads.newThread(r);
        started.add(t);
        return t;
    }

    /** Waits up to {@code timeout} in all for every thread made here to end; true when they all have. */
    boolean awaitEnded(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            for (Thread t : started) {
                while (t.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        t.join(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                started.remove(t);
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
