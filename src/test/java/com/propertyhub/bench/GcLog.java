package com.propertyhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pauses in the servers' {@code -Xlog:gc} files, without the full GCs the benchmark forces (jcmd GC.run). */
final class GcLog {
    /** "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 50M->20M(256M) 3.456ms" and the like. */
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) (Pause .*?) ([0-9.]+)ms\\s*$");

    record Pauses(int count, double totalMs, double maxMs, String longest) {
    }

    private GcLog() {
    }

    static Pauses pauses(List<Path> logs) {
        int count = 0;
        double total = 0;
        double max = 0;
        String longest = "none";
        for (Path log : logs) {
            List<String> lines;
            try {
                lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            } catch (IOException e) {
                continue;
            }
            for (String line : lines) {
                Matcher m = PAUSE.matcher(line);
                if (!m.find() || line.contains("System.gc()") || line.contains("Diagnostic Command")) {
                    continue;
                }
                double ms = Double.parseDouble(m.group(2));
                count++;
                total += ms;
                if (ms > max) {
                    max = ms;
                    longest = m.group(1).trim();
                }
            }
        }
        return new Pauses(count, total, max, longest);
    }
}
