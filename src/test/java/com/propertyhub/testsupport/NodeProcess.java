package com.propertyhub.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application node in a JVM of its own ({@code com.propertyhub.app.Main} on the test classpath, on a free
 * port), for what an in-process {@link TestNode} cannot show: a hard kill (SIGKILL: no stop, no last frame, the
 * kernel resets its connections) and the server's own heap. Its output goes to {@code target/drills/<name>-*.log}.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Pattern BANNER = Pattern.compile("running at http://localhost:(\\d+)/");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final Process process;
    private final Path log;
    private final String baseUrl;
    private volatile boolean frozen;

    private NodeProcess(String name, Process process, Path log, String baseUrl) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts a node with {@code settings} (as for {@link TestNode}: {@link TestNode#freshDatabaseSettings()} plus
     * more) and {@code NODE_ID=name}, in a JVM with {@code -Xmx512m}, and waits until it serves.
     */
    public static NodeProcess start(String name, Map<String, String> settings) {
        Path log;
        try {
            Path dir = Files.createDirectories(Path.of("target", "drills"));
            log = Files.createTempFile(dir, name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command =
                new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), "com.propertyhub.app.Main"));
        Processes.Cmd cmd = Processes.cmd(command).log(log).env("PORT", "0").env("NODE_ID", name);
        settings.forEach(cmd::env);
        Process process = cmd.start();
        AtomicReference<String> url = new AtomicReference<>();
        try {
            Await.until(START_TIMEOUT, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("node " + name + " exited: " + Processes.tail(log, 40));
                }
                Matcher m = BANNER.matcher(read(log));
                if (m.find()) {
                    url.set("http://127.0.0.1:" + m.group(1));
                    return true;
                }
                return false;
            }, "node " + name + " to start (log " + log + ")");
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError(e.getMessage() + "\n" + Processes.tail(log, 40), e);
        }
        return new NodeProcess(name, process, log, url.get());
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ApiClient api() {
        return new ApiClient(baseUrl);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, as when the machine or the process dies: nothing runs in the node any more. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /**
     * SIGSTOP, a silent death (a node stuck in a long GC pause, a hung VM, a network that drops without a reset):
     * its connections stay open, nothing on them is answered, and no heartbeat is sent. {@link #thaw} or
     * {@link #close} ends it.
     */
    public void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** SIGCONT: a frozen node runs on from where it stopped. */
    public void thaw() {
        signal("CONT");
        frozen = false;
    }

    private void signal(String name) {
        Processes.cmd("kill", "-" + name, Long.toString(pid())).timeout(Duration.ofSeconds(10)).run();
    }

    /** Java heap in use after a full GC, in KiB ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}). */
    public long heapAfterFullGcKb() {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Processes.cmd(jcmd, Long.toString(pid()), "GC.run").timeout(Duration.ofSeconds(60)).run();
        String info = Processes.cmd(jcmd, Long.toString(pid()), "GC.heap_info").timeout(Duration.ofSeconds(60)).run();
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in GC.heap_info of " + name + ": " + info);
        }
        return Long.parseLong(m.group(1));
    }

    /** SIGCONT (in case it was frozen), SIGTERM (a graceful stop), then SIGKILL if it has not ended within 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        if (frozen) {
            thaw();
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(20))) {
            kill();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
