package com.propertyhub.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, polling it with a short pause between attempts. */
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /**
     * Polls {@code condition} until it returns true or {@code timeout} elapses. A condition that throws counts as
     * "not yet"; the last exception becomes the cause of the failure.
     *
     * @throws AssertionError naming {@code description} when the deadline passes
     */
    public static void until(Duration timeout, BooleanSupplier condition, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                AssertionError error = new AssertionError("Timed out after " + timeout.toMillis()
                        + " ms waiting for: " + description
                        + (last == null ? "" : " (last attempt threw " + last + ")"));
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + description, e);
            }
        }
    }
}
