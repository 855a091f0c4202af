package com.propertyhub.bench;

import com.propertyhub.testsupport.NodeJs;
import com.propertyhub.testsupport.PostgresServer;
import com.propertyhub.testsupport.Processes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reference servers of {@code shared/bench-peers}, started as the benchmark's own processes beside ours: the
 * floor ({@code FloorSse.java}, compiled into {@code target/bench-peers/floor} and run with the flags its README
 * gives) and the Socket.IO design ({@code socketio-server/}, copied to {@code target/bench-peers} and installed
 * with {@code npm ci}, on the test harness's PostgreSQL).
 */
final class PeerServers {
    /** The floor's JVM, as {@code bench-peers/README.md} runs it. */
    static final List<String> FLOOR_JVM = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-Xmn8m",
            "-XX:TieredStopAtLevel=1");
    static final String SOCKET_IO_EMAIL = "admin@propertyhub.test";
    static final String SOCKET_IO_PASSWORD = "admin123";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Path BUILD = Path.of("target", "bench-peers");

    /** One running server to measure: what it is, where, its process and its admin login. */
    record Server(String name, String label, String url, long pid, String email, String password, boolean socketIo,
                  boolean jvm) {
    }

    private PeerServers() {
    }

    /**
     * {@code --peers-dir}, else {@code ../shared/bench-peers} (beside the repository), else
     * {@code /work/shared/bench-peers}.
     */
    static Path directory(BenchOptions o) {
        List<Path> candidates = o.peersDir != null ? List.of(o.peersDir)
                : List.of(Path.of("..", "shared", "bench-peers"), Path.of("/work/shared/bench-peers"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("floor/FloorSse.java"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("the reference servers are not in " + candidates + " (give --peers-dir)");
    }

    static Server floor(Bench host, Path peers) throws Exception {
        Path classes = Files.createDirectories(BUILD.resolve("floor"));
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Processes.Result r = Processes.cmd(javac.toString(), "--release", "17", "-d", classes.toString(),
                peers.resolve("floor/FloorSse.java").toString()).timeout(Duration.ofMinutes(2)).exec();
        if (!r.ok()) {
            throw new IllegalStateException("javac FloorSse.java failed:\n" + r.output());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLOOR_JVM);
        command.addAll(List.of("-cp", classes.toAbsolutePath().toString(), "FloorSse"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", String.valueOf(Processes.freeLoopbackPort()));
        env.put("HOST", "127.0.0.1");
        ServerProcess s = start(host, "floor", command, env);
        return new Server("floor", "floor (FloorSse, java " + String.join(" ", FLOOR_JVM) + ")", s.baseUrl(), s.pid(),
                "floor@propertyhub.test", "any", false, true);
    }

    static Server socketIo(Bench host, Path peers) throws Exception {
        Path dir = BUILD.resolve("socketio-server").toAbsolutePath();
        copySources(peers.resolve("socketio-server"), dir);
        NodeJs.npmCi(dir);
        Bench.log("starting PostgreSQL for the Socket.IO design (test harness)");
        host.clusterServicesStarted = true;
        PostgresServer pg = PostgresServer.shared();
        URI jdbc = URI.create(pg.newDatabase().substring("jdbc:".length()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", String.valueOf(Processes.freeLoopbackPort()));
        env.put("HOST", "127.0.0.1");
        env.put("DATABASE_URL", "postgres://" + pg.user() + ":" + pg.password() + "@" + jdbc.getHost() + ":"
                + jdbc.getPort() + jdbc.getPath());
        env.put("JWT_SECRET", "bench-" + UUID.randomUUID() + UUID.randomUUID());
        env.put("NODE_ID", "socketio-1");
        ServerProcess s = start(host, "socketio", List.of(NodeJs.NODE, "server.mjs"), env, dir);
        return new Server("socketio", "Socket.IO design (Express 5 + Socket.IO 4.8, node "
                + nodeVersion() + ", PostgreSQL)", s.baseUrl(), s.pid(), SOCKET_IO_EMAIL, SOCKET_IO_PASSWORD, true,
                false);
    }

    private static ServerProcess start(Bench host, String name, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        return start(host, name, command, env, Path.of("").toAbsolutePath());
    }

    private static ServerProcess start(Bench host, String name, List<String> command, Map<String, String> env,
                                       Path dir) throws IOException, InterruptedException {
        Path log = Files.createDirectories(host.tempDir().resolve(name)).resolve("server.log");
        Bench.log("starting " + name + ": " + String.join(" ", command));
        ServerProcess s = ServerProcess.start(name, ServerProcess.withOpenFileLimit(command), env, dir, log,
                Duration.ofSeconds(120), LISTENING);
        host.servers.add(s);
        Bench.log("  " + name + " up at " + s.baseUrl() + " (pid " + s.pid() + ", log " + log + ")");
        return s;
    }

    /** The project's files (not node_modules), so that {@code npm ci} installs into a folder of ours. */
    private static void copySources(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.filter(p -> !from.relativize(p).toString().startsWith("node_modules")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target) || Files.mismatch(p, target) >= 0) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setWritable(true, true);
                }
            }
        }
    }

    private static String nodeVersion() {
        Processes.Result r = Processes.cmd(NodeJs.NODE, "--version").exec();
        return r.ok() ? r.output().trim() : "?";
    }
}
