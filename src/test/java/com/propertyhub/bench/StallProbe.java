package com.propertyhub.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Measures how late a thread of this JVM wakes up from a 1 ms sleep: on a machine whose cores are all busy
 * (other builds, the servers themselves) every hot thread waits for a core, and this shows by how much. A
 * large figure means the latencies measured in the same window are mostly waiting for a CPU.
 */
final class StallProbe {
    private static final long SLEEP = 1_000_000L;
    private final Stats delays = new Stats();
    private final Thread thread;
    private volatile boolean running = true;

    private StallProbe() {
        thread = new Thread(this::loop, "stall-probe");
        thread.setDaemon(true);
    }

    static StallProbe start() {
        StallProbe p = new StallProbe();
        p.thread.start();
        return p;
    }

    private void loop() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(SLEEP);
            long late = System.nanoTime() - before - SLEEP;
            delays.add(Math.max(0, late));
        }
    }

    /** Stops the probe; the wake-up delays in ms. */
    Stats.Summary stop() {
        running = false;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return delays.summary();
    }
}
