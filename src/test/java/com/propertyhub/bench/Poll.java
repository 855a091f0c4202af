package com.propertyhub.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The benchmark's two ways of letting time pass: polling a condition until a deadline (unlike the tests'
 * {@code Await}, running out of time is a figure to report, not a failure), and a measurement window or settling
 * pause of a set length.
 */
final class Poll {
    private Poll() {
    }

    /**
     * Checks {@code done} every {@code everyMillis} until it holds or {@code deadlineNanos} ({@link System#nanoTime})
     * passes, running {@code meanwhile} after each check that failed; true if it held.
     */
    static boolean until(BooleanSupplier done, long deadlineNanos, long everyMillis, Runnable meanwhile)
            throws InterruptedException {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadlineNanos) {
                return false;
            }
            window(Duration.ofMillis(everyMillis));
            meanwhile.run();
        }
        return true;
    }

    static boolean until(BooleanSupplier done, long deadlineNanos, long everyMillis) throws InterruptedException {
        return until(done, deadlineNanos, everyMillis, () -> { });
    }

    /** Lets {@code length} pass: a measurement window, or a pause for the servers to settle. */
    static void window(Duration length) throws InterruptedException {
        Thread.sleep(length.toMillis());
    }
}
