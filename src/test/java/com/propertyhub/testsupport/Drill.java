package com.propertyhub.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the fault drills ({@code com.propertyhub.faults}) share: their size, a latency recorder and the one result
 * line each prints.
 *
 * <p>Size: every drill has a small size that {@code mvn verify} runs and a full size for the documented drill
 * command, chosen with {@code -Ddrill.scale=full}; any single figure can be set on its own with
 * {@code -Ddrill.<name>=<value>} (for example {@code -Ddrill.slow=1000}, {@code -Ddrill.duration=30m}).
 *
 * <p>Result: one line {@code DRILL <name> | load ... | figure ... | lost N | duplicates N | server ...}, printed to
 * stdout (Failsafe keeps it in {@code target/failsafe-reports/<class>-output.txt}) and appended to
 * {@code target/drills/results.txt}.
 */
public final class Drill {
    private static final Path RESULTS = Path.of("target", "drills", "results.txt");

    private Drill() {
    }

    /** True when {@code -Ddrill.scale=full}. */
    public static boolean full() {
        return "full".equalsIgnoreCase(System.getProperty("drill.scale", "small").trim());
    }

    /** {@code -Ddrill.<name>}, else the full or the small size. */
    public static int size(String name, int small, int full) {
        String set = System.getProperty("drill." + name);
        return set == null || set.isBlank() ? (full() ? full : small) : Integer.parseInt(set.trim());
    }

    /** {@code -Ddrill.<name>} as a duration ({@code 90s}, {@code 30m}, or seconds), else the full or small one. */
    public static Duration duration(String name, Duration small, Duration full) {
        String set = System.getProperty("drill." + name);
        if (set == null || set.isBlank()) {
            return full() ? full : small;
        }
        String v = set.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    /** Prints the drill's result line and appends it to {@code target/drills/results.txt}. */
    public static void report(String drill, String load, String figure, long lost, long duplicates, String server) {
        String line = String.format(Locale.ROOT, "DRILL %s [%s] | load: %s | %s | lost %d | duplicates %d | %s",
                drill, full() ? "full" : "small", load, figure, lost, duplicates, server);
        System.out.println(line);
        try {
            Files.createDirectories(RESULTS.getParent());
            Files.writeString(RESULTS, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds with one decimal. */
    public static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /**
     * Delivery latencies in nanoseconds with the {@link System#nanoTime()} each event was sent at, recorded from
     * many threads; percentiles on demand, also for the events sent within a window.
     */
    public static final class Latencies {
        private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());

        public void add(long sentAtNanos, long latencyNanos) {
            samples.add(new long[] {sentAtNanos, latencyNanos});
        }

        public int count() {
            return samples.size();
        }

        /** The deliveries of events sent from {@code fromNanos} (inclusive) to {@code toNanos} (exclusive). */
        public Latencies sentBetween(long fromNanos, long toNanos) {
            Latencies window = new Latencies();
            synchronized (samples) {
                for (long[] s : samples) {
                    if (s[0] >= fromNanos && s[0] < toNanos) {
                        window.samples.add(s);
                    }
                }
            }
            return window;
        }

        /** The {@code p}-th percentile (0–100) in nanoseconds; NaN when empty. */
        public double percentile(double p) {
            long[] sorted;
            synchronized (samples) {
                sorted = samples.stream().mapToLong(s -> s[1]).toArray();
            }
            if (sorted.length == 0) {
                return Double.NaN;
            }
            java.util.Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        public String summary() {
            return "p50 " + ms(percentile(50)) + ", p99 " + ms(percentile(99)) + ", max " + ms(percentile(100))
                    + " (" + count() + " deliveries)";
        }
    }
}
