package com.propertyhub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One application node as a separate JVM ({@code com.propertyhub.app.Main} on this JVM's classpath), so its CPU
 * time and memory can be read from {@code /proc/<pid>}. Also reads those figures for any local process id.
 */
final class ServerProcess {
    /** Settings the app reads: never inherited from the caller's shell, only what the benchmark passes. */
    private static final List<String> APP_SETTINGS = List.of("PORT", "DATABASE_URL", "DATABASE_USER",
            "DATABASE_PASSWORD", "DATABASE_POOL_SIZE", "DATA_DIR", "JWT_SECRET", "JWT_TTL", "BOOTSTRAP_ADMIN_EMAIL",
            "BOOTSTRAP_ADMIN_PASSWORD", "DEMO_DATA", "REDIS_URL", "NODE_ID", "PASSWORD_HASH_COST", "SSE_HEARTBEAT",
            "SSE_RETRY", "SSE_MAX_STREAMS_PER_USER", "SSE_QUEUE_LIMIT", "STREAM_TICKET_TTL", "EVENT_RETENTION",
            "EVENT_RETENTION_COUNT", "EVENT_CLEANUP_INTERVAL", "LOGIN_MAX_FAILURES", "LOGIN_FAILURE_WINDOW",
            "EMIT_MAX_PER_MINUTE",
            "STREAM_RATE_BURST", "STREAM_RATE_PER_MINUTE", "STREAM_AUTH_FAILURES_PER_MINUTE", "TRUSTED_PROXIES",
            "CORS_ORIGINS", "LOG_LEVEL", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final Pattern BANNER = Pattern.compile("running at http://localhost:(\\d+)/");
    private static final long CLOCK_TICKS = clockTicks();

    private final String name;
    private final Process process;
    private final Path log;
    private final String baseUrl;

    private ServerProcess(String name, Process process, Path log, String baseUrl) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts a node on a free port (PORT=0) and waits until it prints its banner. */
    static ServerProcess start(String name, List<String> jvmArgs, Map<String, String> env, Path workDir, Path log,
                               Duration timeout) throws IOException, InterruptedException {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("PORT", "0");
        all.putAll(env);
        return start(name, javaCommand(jvmArgs, "com.propertyhub.app.Main", List.of()), all, workDir, log, timeout,
                BANNER);
    }

    /**
     * Starts {@code command} (another server: a reference server) with {@code env} and none of the caller's app
     * settings, and waits until its log matches {@code banner}, whose first group is the port it listens on.
     */
    static ServerProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log,
                               Duration timeout, Pattern banner) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        APP_SETTINGS.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher m = banner.matcher(text);
            if (m.find()) {
                return new ServerProcess(name, p, log, "http://127.0.0.1:" + m.group(1));
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("server " + name + (p.isAlive() ? " did not start within "
                        + timeout.toSeconds() + " s" : " exited with code " + p.waitFor()) + "; log " + log
                        + ":\n" + tail(text, 30));
            }
            Poll.window(Duration.ofMillis(100));
        }
    }

    /**
     * {@code java <jvmArgs> -cp <this classpath> <mainClass> <args>}, started through {@code bash} so that the
     * process's open-file limit is first raised to its hard limit (every open stream is a descriptor; the soft
     * limit is often 1024). {@code exec} keeps the process id, so the figures from {@code /proc} are the JVM's.
     */
    static List<String> javaCommand(List<String> jvmArgs, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return withOpenFileLimit(command);
    }

    /** {@code command} run through {@code bash}, its open-file soft limit first raised to the hard limit. */
    static List<String> withOpenFileLimit(List<String> command) {
        List<String> wrapped =
                new ArrayList<>(List.of("bash", "-c", "ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec \"$@\"",
                "server"));
        wrapped.addAll(command);
        return wrapped;
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return baseUrl;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (Jetty's graceful stop ends the streams), then SIGKILL after 15 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    String logTail(int lines) {
        try {
            return tail(Files.readString(log, StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    // ---- /proc figures for any local process -----------------------------------------------------------------

    /** User + system CPU seconds the process has used so far; NaN when unreadable. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime is field 14, stime field 15.
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds per thread name of the process ({@code /proc/<pid>/task/<tid>/stat}), threads of the same name
     * added up and trailing numbers dropped ({@code qtp123-45} counts as {@code qtp}); empty when unreadable.
     */
    static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[-#]?[0-9]+$", "").replaceAll("[-#]?[0-9]+$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
                    byName.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return byName;
    }

    /**
     * CPU seconds of every process whose command line contains all of {@code parts} (each followed by a space
     * or the end), plus their descendants and
     * the children they have already reaped (PostgreSQL's backends, for example); NaN when none is found.
     */
    static double cpuSecondsOfProcessesMatching(String... parts) {
        double total = 0;
        boolean found = false;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String cmd = cmdline(p.pid());
            if (cmd == null) {
                continue;
            }
            String padded = cmd + " ";
            if (!java.util.Arrays.stream(parts).allMatch(part -> padded.contains(part + " "))) {
                continue;
            }
            found = true;
            total += cpuSeconds(p.pid(), true);
            for (ProcessHandle child : p.descendants().toList()) {
                total += cpuSeconds(child.pid(), false);
            }
        }
        return found ? total : Double.NaN;
    }

    private static double cpuSeconds(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    raw[i] = ' ';
                }
            }
            return new String(raw, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Resident set size in KiB ({@code VmRSS}); -1 when unreadable. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or the process is gone
        }
        return -1;
    }

    /** Forces a full GC in the process ({@code jcmd PID GC.run}); false when jcmd is not available. */
    static boolean forceGc(long pid) {
        return jcmd(pid, "GC.run") != null;
    }

    /** Java heap in use, KiB, from {@code jcmd PID GC.heap_info}; -1 when not available. */
    static long heapUsedKb(long pid) {
        String out = jcmd(pid, "GC.heap_info");
        if (out == null) {
            return -1;
        }
        // One "total NK, used MK" line per heap (G1) or per generation (Parallel: PSYoungGen and ParOldGen;
        // Serial: def new generation and tenured); Metaspace lines have another shape.
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(out);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            found = true;
        }
        return found ? used : -1;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code getconf CLK_TCK}, 100 when that fails (the value on practically every Linux). */
    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    static long ticksPerSecond() {
        return CLOCK_TICKS;
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }
}
