package com.propertyhub.persistence;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection pool's threads (housekeeper, connection adder and closer), remembered so that closing the
 * database can wait until they have really ended. An executor reports itself terminated a moment before its
 * last thread has exited, and a servlet container that checks right after undeploy would see that thread
 * still alive, as one the web application left behind.
 */
final class PoolThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    PoolThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + next.incrementAndGet());
        t.setDaemon(true);
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
