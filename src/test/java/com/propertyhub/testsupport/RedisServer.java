package com.propertyhub.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} for the integration tests: a child process on a free port on 127.0.0.1, no
 * persistence, working directory in a fresh temp dir. {@link #kill()} and {@link #start()} let fault tests take
 * it away and bring it back on the same port.
 *
 * <p>Use {@link #shared()}: one server per JVM, started on first use and closed by {@link TestServicesShutdown}.
 */
public final class RedisServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final String BINARY = "/usr/bin/redis-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static RedisServer shared;

    private final Path dir;
    private final Path log;
    private int port;
    private Process process;
    private boolean closed;

    /** The server of this JVM, started on first call. */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            TestServicesShutdown.registerShutdownHook();
            shared = new RedisServer();
        }
        return shared;
    }

    /** Closes the shared server if one was started; the next {@link #shared()} starts a new one. */
    public static synchronized void closeShared() {
        if (shared != null) {
            try {
                shared.close();
            } finally {
                shared = null;
            }
        }
    }

    private RedisServer() {
        Apt.install(BINARY, "redis-server");
        try {
            this.dir = Files.createTempDirectory("propertyhub-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temp dir for Redis", e);
        }
        this.log = dir.resolve("redis.log");
        try {
            startOnFreePort();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** {@code redis://127.0.0.1:PORT} */
    public synchronized String url() {
        return "redis://" + HOST + ":" + port;
    }

    public String host() {
        return HOST;
    }

    public synchronized int port() {
        return port;
    }

    /** Kills the server (SIGKILL) and waits until its port refuses connections. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw failure("redis-server did not die within " + STOP_TIMEOUT.toSeconds() + " s", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while killing redis-server", e);
            }
            process = null;
        }
        int p = port;
        Await.until(STOP_TIMEOUT, () -> !isListening(p), "Redis port " + p + " to close");
    }

    /** Starts the server again on the same port (after {@link #kill()}) and waits until it answers PING. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("RedisServer already closed");
        }
        if (isRunning()) {
            return;
        }
        process = Processes.cmd(BINARY,
                        "--bind", HOST,
                        "--port", String.valueOf(port),
                        "--save", "",
                        "--appendonly", "no",
                        "--dir", dir.toString(),
                        "--protected-mode", "no",
                        "--daemonize", "no")
                .dir(dir)
                .log(log)
                .start();
        Process started = process;
        int p = port;
        try {
            Await.until(START_TIMEOUT, () -> !started.isAlive() || ping(p),
                    "redis-server answering PING on port " + p);
        } catch (AssertionError e) {
            started.destroyForcibly();
            process = null;
            throw failure(e.getMessage(), e);
        }
        if (!started.isAlive()) {
            process = null;
            throw failure("redis-server exited with code " + started.exitValue() + " while starting", null);
        }
    }

    /** Whether the server process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Whether something on this server's port answers {@code PING} with {@code +PONG}. */
    public boolean ping() {
        return ping(port());
    }

    /** Kills the server and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                process = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Processes.deleteRecursively(dir);
            } catch (RuntimeException e) {
                System.err.println("[testsupport] cannot delete " + dir + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + HOST + ":" + port + ", dir=" + dir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** First start: on a free port, retrying with another one if it got taken in between. */
    private synchronized void startOnFreePort() {
        for (int attempt = 1; ; attempt++) {
            port = Processes.freeLoopbackPort();
            try {
                start();
                System.err.println("[testsupport] Redis started: " + this);
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !Processes.tail(log, 20).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private IllegalStateException failure(String message, Throwable cause) {
        return new IllegalStateException("Redis on " + HOST + ":" + port + " in " + dir + ": " + message
                + "\n--- " + log + " ---\n" + Processes.tail(log, 40), cause);
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A raw RESP {@code PING}: true when the answer is {@code +PONG}. */
    static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return "+PONG".equals(in.readLine());
        } catch (IOException e) {
            return false;
        }
    }
}
