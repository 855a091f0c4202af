package com.propertyhub.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A growable list of nanosecond samples and its percentiles (exact: the samples are sorted). */
final class Stats {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
    }

    int count() {
        return size;
    }

    /** Summary in milliseconds; empty when there are no samples. */
    Summary summary() {
        if (size == 0) {
            return Summary.EMPTY;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Summary(size, ms(sorted[0]), ms(percentile(sorted, 50)), ms(percentile(sorted, 90)),
                ms(percentile(sorted, 99)), ms(sorted[size - 1]), ms(sum / size));
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(double nanos) {
        return nanos / 1_000_000.0;
    }

    record Summary(int count, double min, double p50, double p90, double p99, double max, double mean) {
        static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("minMs", round(min));
            m.put("p50Ms", round(p50));
            m.put("p90Ms", round(p90));
            m.put("p99Ms", round(p99));
            m.put("maxMs", round(max));
            m.put("meanMs", round(mean));
            return m;
        }

        /** "p50 / p90 / p99 / max" in ms. */
        String line() {
            if (count == 0) {
                return "-";
            }
            return String.format("%s / %s / %s / %s", f(p50), f(p90), f(p99), f(max));
        }
    }

    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100.0) / 100.0;
    }

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.2f", v);
    }
}
