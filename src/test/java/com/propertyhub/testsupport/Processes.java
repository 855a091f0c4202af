package com.propertyhub.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one place that runs external commands for the test services ({@link PostgresServer}, {@link RedisServer},
 * {@link Browser}, {@link Apt}), plus the few local-environment helpers they share (free ports, temp-dir cleanup,
 * log tails).
 *
 * <p>Child output is redirected straight into a file (the caller's log, or a scratch file), never through a pipe:
 * a daemon forked by the command (pg_ctl start, apt's service scripts) can therefore never block us by holding a
 * pipe open, and long-running output (apt-get) is streamed into the log as it happens.
 */
public final class Processes {

    /** Lines of output quoted in exception messages. */
    private static final int TAIL_LINES = 60;

    private static volatile Boolean root;

    private Processes() {
    }

    /** Starts describing a command; finish with {@link Cmd#run()}, {@link Cmd#exec()} or {@link Cmd#start()}. */
    public static Cmd cmd(String... command) {
        return new Cmd(Arrays.asList(command));
    }

    public static Cmd cmd(List<String> command) {
        return new Cmd(command);
    }

    /** Exit code and combined stdout/stderr of a finished command. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** A command to run: arguments, optional user, working directory, environment changes, timeout and log file. */
    public static final class Cmd {
        private final List<String> command;
        private String user;
        private Path dir;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration timeout = Duration.ofMinutes(2);
        private Path log;

        private Cmd(List<String> command) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            this.command = List.copyOf(command);
        }

        /** Runs the command as {@code user} (through {@code runuser}) when we are root; as ourselves otherwise. */
        public Cmd asUser(String user) {
            this.user = user;
            return this;
        }

        public Cmd dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Sets an environment variable for the child; a {@code null} value removes it. */
        public Cmd env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Cmd timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Appends the command line and its output to this file (created if needed). */
        public Cmd log(Path log) {
            this.log = log;
            return this;
        }

        List<String> fullCommand() {
            if (user != null && isRoot()) {
                List<String> full = new ArrayList<>(List.of("runuser", "-u", user, "--"));
                full.addAll(command);
                return full;
            }
            return command;
        }

        private ProcessBuilder builder(Path output) {
            ProcessBuilder pb = new ProcessBuilder(fullCommand());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            pb.redirectErrorStream(true);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            return pb;
        }

        /**
         * Runs the command to completion and returns its exit code and output, whatever the exit code.
         *
         * @throws IllegalStateException if it cannot be started or does not finish within the timeout (it and its
         *                               descendants are then killed)
         */
        public Result exec() {
            Path output = log;
            boolean scratch = false;
            try {
                if (output == null) {
                    output = Files.createTempFile("propertyhub-cmd-", ".log");
                    scratch = true;
                }
                appendLine(output, "$ " + String.join(" ", fullCommand()));
                long offset = Files.size(output);
                Process process;
                try {
                    process = builder(output).start();
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot start " + fullCommand() + ": " + e.getMessage(), e);
                }
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s: "
                            + String.join(" ", fullCommand()) + describeOutput(readFrom(output, offset)));
                }
                String text = readFrom(output, offset);
                appendLine(output, "[exit " + process.exitValue() + "]");
                return new Result(fullCommand(), process.exitValue(), text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + fullCommand(), e);
            } finally {
                if (scratch) {
                    try {
                        Files.deleteIfExists(output);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
        }

        /**
         * Runs the command to completion and returns its output.
         *
         * @throws IllegalStateException on a non-zero exit code or timeout, quoting the tail of the output
         */
        public String run() {
            Result result = exec();
            if (!result.ok()) {
                throw new IllegalStateException("Command failed with exit code " + result.exitCode() + ": "
                        + String.join(" ", result.command()) + describeOutput(result.output()));
            }
            return result.output();
        }

        /** Starts the command in the background, its output appended to the log (which is then required). */
        public Process start() {
            if (log == null) {
                throw new IllegalStateException("start() needs a log file");
            }
            try {
                appendLine(log, "$ " + String.join(" ", fullCommand()) + " &");
                return builder(log).start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start " + fullCommand() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Whether this JVM runs as root ({@code id -u} is 0). */
    public static boolean isRoot() {
        Boolean r = root;
        if (r == null) {
            Result result = cmd("id", "-u").timeout(Duration.ofSeconds(30)).exec();
            r = result.ok() && result.output().trim().equals("0");
            root = r;
        }
        return r;
    }

    /** A currently free TCP port on 127.0.0.1, never one of the services' default ports. */
    public static int freeLoopbackPort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (port != 5432 && port != 6379 && port != 8080) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot find a free loopback port", e);
            }
        }
        throw new IllegalStateException("Cannot find a free loopback port");
    }

    /** Deletes a file or directory tree; missing files are ignored. */
    public static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + path, e);
        }
    }

    /** The last {@code maxLines} lines of a text file, or a note saying why there are none. */
    public static String tail(Path file, int maxLines) {
        try {
            if (file == null || !Files.exists(file)) {
                return "(no " + file + ")";
            }
            return lastLines(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), maxLines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    static String lastLines(String text, int maxLines) {
        String[] lines = text.split("\\R");
        int from = Math.max(0, lines.length - maxLines);
        StringBuilder sb = new StringBuilder();
        if (from > 0) {
            sb.append("[... ").append(from).append(" earlier lines ...]\n");
        }
        for (int i = from; i < lines.length; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    static String describeOutput(String output) {
        if (output == null || output.isBlank()) {
            return "\n(no output)";
        }
        return "\n--- output ---\n" + lastLines(output, TAIL_LINES) + "--------------";
    }

    /** Appends a line to a (log) file, creating it if needed. */
    static void appendLine(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String readFrom(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int from = (int) Math.min(offset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }
}
