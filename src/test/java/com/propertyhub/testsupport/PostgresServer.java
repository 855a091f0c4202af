package com.propertyhub.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL server for the integration tests: its own cluster in a fresh temp directory, listening on
 * a free port on 127.0.0.1 only, tuned for speed (no fsync), removed again by {@link #close()}.
 *
 * <p>Use {@link #shared()}: one server per JVM, started on first use and closed by {@link TestServicesShutdown}.
 * Every test (class) should take its own empty database from {@link #newDatabase()}.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "propertyhub";
    public static final String PASSWORD = "propertyhub";

    private static final String HOST = "127.0.0.1";
    private static final String OS_USER = "postgres";
    private static final Path PG_ROOT = Path.of("/usr/lib/postgresql");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path serverLog;
    private final Path log;
    private final AtomicInteger databases = new AtomicInteger();
    private int port;
    private boolean closed;

    /** The server of this JVM, started on first call. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            TestServicesShutdown.registerShutdownHook();
            shared = new PostgresServer();
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

    private PostgresServer() {
        this.bin = findOrInstallBinaries();
        try {
            this.dir = Files.createTempDirectory("propertyhub-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temp dir for PostgreSQL", e);
        }
        this.data = dir.resolve("data");
        this.serverLog = dir.resolve("postgres.log");
        this.log = dir.resolve("commands.log");
        try {
            initCluster();
            startOnFreePort();
        } catch (RuntimeException | Error e) {
            destroyQuietly();
            throw e;
        }
    }

    public String host() {
        return HOST;
    }

    public synchronized int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** The JDBC URL of the named database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    /** Creates a new, uniquely named, empty database and returns its JDBC URL. */
    public String newDatabase() {
        String name = "test_" + databases.incrementAndGet() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = connect(jdbcUrl("postgres"), 10); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on port " + port() + ": " + e
                    + "\n--- " + serverLog + " ---\n" + Processes.tail(serverLog, 40), e);
        }
        return jdbcUrl(name);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); data and port are kept for {@link #startServer()}. */
    public synchronized void stopServer() {
        checkOpen();
        pgCtl("stop", "-m", "fast", "-w", "-t", String.valueOf(STOP_TIMEOUT.toSeconds())).run();
    }

    /** Starts the server again with the same data directory and port, and waits until it accepts connections. */
    public synchronized void startServer() {
        checkOpen();
        start();
    }

    /** Whether the server process is up ({@code pg_ctl status}). */
    public synchronized boolean isServerRunning() {
        return !closed && pgCtl("status").timeout(Duration.ofSeconds(30)).exec().ok();
    }

    /** Stops the server immediately and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        destroyQuietly();
    }

    @Override
    public String toString() {
        return "PostgresServer[" + HOST + ":" + port + ", dir=" + dir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Path findOrInstallBinaries() {
        Optional<Path> found = findBinaries();
        if (found.isPresent()) {
            return found.get();
        }
        Apt.install(PG_ROOT + "/*/bin/initdb", () -> findBinaries().isPresent(), "postgresql");
        return findBinaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries still missing under " + PG_ROOT + "/*/bin after installing them"));
    }

    /** The bin directory of the highest PostgreSQL version under /usr/lib/postgresql that has initdb and pg_ctl. */
    static Optional<Path> findBinaries() {
        if (!Files.isDirectory(PG_ROOT)) {
            return Optional.empty();
        }
        Path best = null;
        int bestVersion = -1;
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(PG_ROOT)) {
            for (Path version : versions) {
                Path bin = version.resolve("bin");
                int v = parseVersion(version.getFileName().toString());
                if (v > bestVersion && Files.isExecutable(bin.resolve("initdb"))
                        && Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("postgres"))) {
                    best = bin;
                    bestVersion = v;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(best);
    }

    private static int parseVersion(String name) {
        try {
            return (int) (Double.parseDouble(name) * 100); // "15" -> 1500, "9.6" -> 960
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void initCluster() {
        try {
            if (Processes.isRoot()) {
                // initdb refuses to run as root: the cluster belongs to the postgres OS user.
                UserPrincipal postgres;
                try {
                    postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
                } catch (IOException e) {
                    throw new IllegalStateException("Running as root but there is no '" + OS_USER
                            + "' OS user to own the PostgreSQL cluster (the Debian postgresql package creates it)", e);
                }
                Files.setOwner(dir, postgres);
            }
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-r--r--"));
            postgresCmd(bin.resolve("initdb").toString(),
                    "-D", data.toString(),
                    "-U", USER,
                    "--pwfile=" + pwfile,
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-E", "UTF8",
                    "--locale=C",
                    "--no-sync")
                    .timeout(Duration.ofMinutes(3))
                    .run();
            Files.delete(pwfile);
            // Appended settings win over the defaults above them. The port is passed on each start (pg_ctl -o).
            String settings = "\n# --- propertyhub test settings ---\n"
                    + "listen_addresses = '" + HOST + "'\n"
                    + "unix_socket_directories = '" + dir + "'\n"
                    + "fsync = off\n"
                    + "synchronous_commit = off\n"
                    + "full_page_writes = off\n"
                    + "max_connections = 300\n"
                    + "shared_buffers = 64MB\n"
                    + "max_wal_size = 1GB\n"
                    + "logging_collector = off\n"
                    + "log_min_messages = warning\n"
                    + "timezone = 'UTC'\n";
            Files.writeString(data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the PostgreSQL cluster in " + dir, e);
        }
    }

    /** First start: on a free port, retrying with another one if it got taken in between. */
    private synchronized void startOnFreePort() {
        for (int attempt = 1; ; attempt++) {
            port = Processes.freeLoopbackPort();
            try {
                start();
                System.err.println("[testsupport] PostgreSQL started: " + this);
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !Processes.tail(serverLog, 20).contains("could not bind")) {
                    throw e;
                }
            }
        }
    }

    private void start() {
        Processes.Result started = pgCtl("start", "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()),
                "-l", serverLog.toString(), "-o", "-p " + port)
                .timeout(START_TIMEOUT.plusSeconds(30))
                .exec();
        if (!started.ok()) {
            throw failure("pg_ctl start failed (exit " + started.exitCode() + ")" + Processes.describeOutput(
                    started.output()), null);
        }
        try {
            Await.until(START_TIMEOUT, this::acceptsConnections, "PostgreSQL accepting connections on port " + port);
        } catch (AssertionError e) {
            throw failure(e.getMessage(), e);
        }
    }

    private boolean acceptsConnections() {
        try (Connection c = connect(jdbcUrl("postgres"), 2); Statement s = c.createStatement()) {
            s.execute("select 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection connect(String url, int timeoutSeconds) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
        props.setProperty("loginTimeout", String.valueOf(timeoutSeconds));
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(url, props);
    }

    private Processes.Cmd pgCtl(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = bin.resolve("pg_ctl").toString();
        command[1] = "-D";
        command[2] = data.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return postgresCmd(command).timeout(STOP_TIMEOUT.plusSeconds(30));
    }

    private Processes.Cmd postgresCmd(String... command) {
        Processes.Cmd cmd = Processes.cmd(command).asUser(OS_USER).dir(dir).log(log);
        for (String name : System.getenv().keySet()) {
            if (name.startsWith("PG")) {
                cmd.env(name, null); // PGDATA, PGPORT, ... of the caller must not leak in
            }
        }
        return cmd.env("LC_ALL", "C");
    }

    private IllegalStateException failure(String message, Throwable cause) {
        return new IllegalStateException("PostgreSQL on " + HOST + ":" + port + " in " + dir + ": " + message
                + "\n--- " + serverLog + " ---\n" + Processes.tail(serverLog, 40)
                + "--- " + log + " ---\n" + Processes.tail(log, 20), cause);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("PostgresServer already closed");
        }
    }

    /** Stops the server hard (pg_ctl stop -m immediate, then SIGKILL if need be) and deletes the directory. */
    private void destroyQuietly() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                Processes.Result stopped = pgCtl("stop", "-m", "immediate", "-w", "-t", "30").exec();
                if (!stopped.ok()) {
                    killPostmaster();
                }
            }
        } catch (RuntimeException e) {
            System.err.println("[testsupport] pg_ctl stop failed, killing the postmaster: " + e.getMessage());
            killPostmaster();
        }
        try {
            Processes.deleteRecursively(dir);
        } catch (RuntimeException e) {
            System.err.println("[testsupport] cannot delete " + dir + ": " + e.getMessage());
        }
    }

    private void killPostmaster() {
        try {
            Path pidFile = data.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> null).join();
            });
        } catch (IOException | RuntimeException e) {
            System.err.println("[testsupport] cannot kill the postmaster of " + data + ": " + e);
        }
    }
}
