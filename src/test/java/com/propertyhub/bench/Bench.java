package com.propertyhub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.propertyhub.testsupport.PostgresServer;
import com.propertyhub.testsupport.Processes;
import com.propertyhub.testsupport.RedisServer;
import com.propertyhub.testsupport.TestServicesShutdown;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The realtime benchmark: starts the server(s) as separate processes (or uses running ones), opens many
 * authenticated event streams on one non-blocking client thread, drives mutating requests at a fixed rate and
 * measures how long each event takes to reach every stream, plus the servers' CPU and memory.
 * See {@code README.md} next to this file, or run with {@code --help}.
 */
public final class Bench {
    static final String DEMO_EMAIL = "superadmin@propertyhub.local";
    static final String DEMO_PASSWORD = "demo1234";
    static final String CLUSTER_EMAIL = "bench-admin@propertyhub.test";
    static final String CLUSTER_PASSWORD = "bench-admin-password-1";
    /** The configuration's upper bound for SSE_MAX_STREAMS_PER_USER. */
    static final int MAX_STREAMS_PER_USER = 100_000;
    static final String EMIT_EVENT = "bench:tick";
    static final String CRUD_EVENT = "customer:updated";
    static final String EMIT_MARKER = "\"sentAt\":";
    static final String CRUD_MARKER = "\"company\":\"bench-";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final BenchOptions o;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final List<ServerProcess> servers = new ArrayList<>();
    final List<String> urls = new ArrayList<>();
    /** Process ids to read figures from (started servers, or --pid), parallel to {@link #urls}; may be empty. */
    final List<Long> pids = new ArrayList<>();
    private final List<String> customerIds = new ArrayList<>();
    private Path tempDir;
    StreamClient client;
    private boolean cleanedUp;
    boolean clusterServicesStarted;
    /** The nodes' PostgreSQL database when the benchmark started one (null on H2 or with --target). */
    String databaseUrl;
    String databaseUser;
    String databasePassword;
    private int postgresPort;
    private int redisPort;

    // Figures every mode reports: the machine, the memory before and with the streams, how the streams opened.
    Map<String, Object> machine;
    List<Mem> memBefore;
    List<Mem> memWith;
    int streamsReady;
    double secondsToOpen;
    Map<String, Integer> openFailures = Map.of();
    /** The GC log of each server of ours ({@code -Xlog:gc}, added by the benchmark); empty for other servers. */
    final List<Path> gcLogs = new ArrayList<>();
    /** What the benchmark set for the servers it started beyond their defaults (shown with the figures). */
    final Map<String, String> serverSettings = new LinkedHashMap<>();

    // Deliveries: the selector thread hands every frame to the current measurement (null: warm-up) and to the
    // optional frame check (the storm mode's id bookkeeping).
    private volatile Measurement measurement;
    private volatile StreamClient.Handler frameCheck;
    private final AtomicLong unmatched = new AtomicLong();
    // Request side, from the HTTP client's threads.
    private final AtomicInteger requestsPending = new AtomicInteger();
    final AtomicInteger requestErrors = new AtomicInteger();
    final Map<String, Integer> requestErrorKinds = new ConcurrentHashMap<>();

    private Bench(BenchOptions o) {
        this.o = o;
    }
    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\n");
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        Bench bench = new Bench(options);
        Thread hook = new Thread(bench::cleanup, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = bench.run();
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + e.getMessage());
            if (!(e instanceof IllegalStateException)) {
                e.printStackTrace();
            }
            code = 1;
        }
        bench.cleanup();
        System.exit(code);
    }

    /** The last measured run's result (what its JSON holds); null before. */
    Map<String, Object> lastResult;

    private int run() throws Exception {
        machine = machine();
        log("machine: " + machine.get("cpus") + " CPUs (" + machine.get("cpuModel") + "), load average "
                + machine.get("loadAverage"));
        checkLimits();
        if (!o.peers.isEmpty()) {
            return new PeerRun(this).run();
        }
        return runAgainst(startOrConnect());
    }

    /** Measures one server that is already running ({@link BenchOptions#against}); the exit code. */
    static Bench measureRunning(BenchOptions options) throws Exception {
        Bench b = new Bench(options);
        try {
            b.machine = machine();
            b.urls.addAll(options.targets);
            b.pids.addAll(options.pids);
            b.gcLogs.addAll(options.gcLogs);
            String email = options.email != null ? options.email : DEMO_EMAIL;
            String password = options.password != null ? options.password : DEMO_PASSWORD;
            b.runAgainst(b.login(b.urls.get(0), email, password));
        } finally {
            b.cleanup();
        }
        return b;
    }

    private int runAgainst(String token) throws Exception {
        if (o.patchesCustomers()) {
            createCustomers(token);
        }
        warmJit(token);
        memBefore = memory();
        if (o.mode.equals("idle")) {
            return new IdleRun(this).run(token);
        }
        openStreams(token);
        Poll.window(Duration.ofSeconds(1));
        memWith = memory();
        return switch (o.mode) {
            case "saturation" -> new SaturationRun(this).run(token);
            case "storm" -> new StormRun(this).run(token);
            case "writes" -> new WritesRun(this).run(token);
            default -> measuredRun(token);
        };
    }

    /** Opens {@code --streams} streams on the client thread and waits for their {@code ready}. */
    private void openStreams(String token) throws Exception {
        client = new StreamClient(this::onEvent, null, o.http2);
        client.httpVersion(o.http);
        client.socketIo(o.socketIo);
        log("opening " + o.streams + " streams over " + urls.size() + " node(s), " + o.connectBatch + " at a time, "
                + streamTransport());
        long openStart = System.nanoTime();
        client.open(urls, token, o.streams, o.connectBatch);
        long lastReady = awaitReady(openStart, o.streams);
        secondsToOpen = (lastReady - openStart) / 1e9;
        streamsReady = client.readyCount();
        openFailures = client.onLoop(() -> new LinkedHashMap<>(client.failures()));
        if (streamsReady == 0) {
            throw new IllegalStateException("no stream opened: " + openFailures);
        }
    }

    /**
     * Waits until {@code want} streams of the client are ready or failed (or {@code --open-timeout}), logging
     * progress; returns when the last one became ready.
     */
    long awaitReady(long start, int want) throws InterruptedException {
        long deadline = start + Duration.ofSeconds(o.openTimeoutSeconds).toNanos();
        long[] lastLog = {start};
        Poll.until(() -> client.readyCount() + client.failedCount() >= want, deadline, 10, () -> {
            if (System.nanoTime() - lastLog[0] > 5_000_000_000L) {
                lastLog[0] = System.nanoTime();
                log("  " + client.readyCount() + " ready, " + client.failedCount() + " failed");
            }
            checkServersAlive();
        });
        long lastReady = client.onLoop(() -> client.streams().stream().filter(s -> s.ready)
                .mapToLong(s -> s.readyNanos).max().orElse(start));
        int ready = client.readyCount();
        Map<String, Integer> failures = client.onLoop(() -> new LinkedHashMap<>(client.failures()));
        log(ready + " streams ready in " + String.format("%.2f", (lastReady - start) / 1e9) + " s"
                + (client.failedCount() > 0 ? ", " + client.failedCount() + " failed: " + failures : "")
                + (ready + client.failedCount() < want ? ", " + (want - ready - client.failedCount())
                + " still opening after " + o.openTimeoutSeconds + " s" : ""));
        return lastReady;
    }

    /** Unmeasured requests of the run's kind at the run's rate, until every open stream has them. */
    void warmUp(String token, double rate) throws InterruptedException {
        if (o.warmup == 0) {
            return;
        }
        log("warm-up: " + o.warmup + " requests at " + rate + "/s");
        int open = streamsOpen();
        long before = unmatched.get();
        drive(o.warmup, rate, null, 0, token);
        awaitRequests(Duration.ofSeconds(o.timeoutSeconds));
        long want = before + (long) o.warmup * open;
        Poll.until(() -> unmatched.get() >= want,
                System.nanoTime() + Duration.ofSeconds(Math.max(10, o.timeoutSeconds)).toNanos(), 10);
    }

    int streamsOpen() {
        return client.readyCount() - client.closedAfterReady();
    }

    /** The servers' CPU in cores over the next {@code millis} (NaN without process ids). */
    double serverCores(long millis) throws InterruptedException {
        double[] before = cpu();
        long t0 = System.nanoTime();
        Poll.window(Duration.ofMillis(millis));
        return (sum(cpu()) - sum(before)) / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Sends {@code m}'s requests and waits until each open stream has all of them, or {@code --timeout} seconds
     * after the last one. Returns the nanoTime of the first and the last send.
     */
    long[] measure(Measurement m, double rate, long expected, String token) throws InterruptedException {
        measurement = m;
        long[] window = drive(m.events(), rate, m, 0, token);
        awaitDeliveries(m, expected, window[1]);
        return window;
    }

    void awaitDeliveries(Measurement m, long expected, long lastSent) throws InterruptedException {
        Poll.until(() -> m.received() >= expected, lastSent + Duration.ofSeconds(o.timeoutSeconds).toNanos(), 5,
                this::checkServersAlive);
    }

    void measuring(Measurement m) {
        measurement = m;
    }

    void checkFrames(StreamClient.Handler check) {
        frameCheck = check;
    }

    /** emit, crud and fanout: M requests at R per second, every delivery measured. */
    private int measuredRun(String token) throws Exception {
        warmUp(token, o.rate);
        // CPU of the warmed-up servers holding the open streams, with nothing to deliver (timers, heartbeats, bus).
        double idleCpuCores = serverCores(3_000);

        final int streamsAtStart = streamsOpen();
        // Every stream that opened is owed every event: one the server cut (during the warm-up or the run) counts
        // as missing what it did not get, instead of leaving the figures.
        long expected = (long) o.events * streamsReady;
        Measurement m = new Measurement(o.events, o.streams, urls.size() > 1);
        log("measured: " + o.events + " requests (" + o.mode + ") at " + o.rate + "/s to the " + streamsReady
                + " streams that opened (" + streamsAtStart + " still open) = " + expected + " deliveries expected");
        CpuWindow window = CpuWindow.start(this);
        StallProbe probe = StallProbe.start();
        long[] sendWindow = measure(m, o.rate, expected, token);
        Stats.Summary stalls = probe.stop();
        Map<String, Object> cpuOut = window.end(m.received());
        awaitRequests(Duration.ofSeconds(10));
        Map<String, Object> result = client.onLoop(() -> m.report(expected, streamsAtStart, client));
        if (o.mode.equals("fanout")) {
            result.put("untilEveryStreamPerEvent", client.onLoop(m::untilEveryStream).toMap());
        }
        long got = (long) result.get("received");

        Map<String, Object> out = Report.result(this);
        Map<String, Object> requests = new LinkedHashMap<>();
        double sendSeconds = (sendWindow[1] - sendWindow[0]) / 1e9;
        requests.put("sent", o.events);
        requests.put("achievedRate", o.events > 1 && sendSeconds > 0 ? Report.round3((o.events - 1) / sendSeconds)
                : null);
        requests.put("errors", requestErrors.get());
        requests.put("errorKinds", new LinkedHashMap<>(requestErrorKinds));
        requests.put("responseLatency", m.responseLatency());
        out.put("requests", requests);
        out.put("deliveries", result);

        double deliverySeconds = m.lastDeliveryNanos() > sendWindow[0] ? (m.lastDeliveryNanos()
                - sendWindow[0]) / 1e9 : 0;
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("deliveriesPerSecond", deliverySeconds > 0 ? Math.round(got / deliverySeconds) : null);
        throughput.put("windowSeconds", cpuOut.get("windowSeconds"));
        out.put("throughput", throughput);

        if (cpuOut.containsKey("serverCpuSeconds")) {
            cpuOut.put("millisPerRequest", Report.round3((double) cpuOut.get("serverCpuSeconds") * 1e3 / o.events));
            cpuOut.put("idleCpuCoresWithStreams", Report.round3(idleCpuCores));
        }
        cpuOut.put("clientSchedulingDelay", stalls.toMap());
        out.put("cpu", cpuOut);
        out.put("memory", Report.memory(this, streamsReady));

        boolean ok = got >= expected && ((Number) result.get("duplicates")).longValue() == 0
                && client.failedCount() == 0 && client.closedAfterReady() == 0 && requestErrors.get() == 0
                && streamsReady == o.streams;
        return finish(out, Report.measuredRows(this, out), ok, "not every stream opened, a stream was cut, a request"
                + " failed, or a delivery was missing or duplicated");
    }

    /** How the streams travel, for the log and the report. */
    String streamTransport() {
        return o.socketIo ? "Socket.IO v5 over WebSocket (Engine.IO v4), one connection per stream"
                : o.http2 > 0 ? "HTTP/2 (h2c), " + o.http2 + " connection(s) per node"
                : "HTTP/" + o.http + (o.http.equals("1.1") ? " (chunked)" : " (not chunked)")
                + ", one connection per stream";
    }

    /** Prints the table, writes the JSON, warns when {@code ok} is false; the exit code (3 when not ok). */
    int finish(Map<String, Object> out, List<String[]> rows, boolean ok, String problem) throws IOException {
        lastResult = out;
        machine.put("loadAverageAfter", loadAverage());
        Report.print(rows);
        Path file = writeJson(out);
        System.out.println("\nJSON: " + file.toAbsolutePath());
        if (!ok) {
            System.out.println("\nFAILED: " + problem + " (exit code 3); see above.");
            for (ServerProcess s : servers) {
                System.out.println("--- last lines of " + s.log() + " ---\n" + s.logTail(15));
            }
        }
        return ok ? 0 : 3;
    }
    // ---- servers --------------------------------------------------------------------------------------------

    private String startOrConnect() throws Exception {
        if (o.external()) {
            urls.addAll(o.targets);
            for (long pid : o.pids) {
                pids.add(javaProcess(pid));
            }
            String email = o.email != null ? o.email : DEMO_EMAIL;
            String password = o.password != null ? o.password : DEMO_PASSWORD;
            return login(urls.get(0), email, password);
        }
        return startServers();
    }

    /** Starts {@code --nodes} servers of ours as the benchmark's own JVMs and logs in; the token. */
    String startServers() throws Exception {
        tempDir = Files.createTempDirectory("propertyhub-bench-");
        List<String> jvm = serverJvmArgs();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("SSE_MAX_STREAMS_PER_USER", String.valueOf(MAX_STREAMS_PER_USER));
        // One login drives every request: lift the per-user emit limit so it never shapes the measured rate.
        common.put("EMIT_MAX_PER_MINUTE", "10000000");
        // The same login opens every stream (a storm reopens thousands a second): lift the per-user stream rate.
        common.put("STREAM_RATE_BURST", "10000000");
        common.put("STREAM_RATE_PER_MINUTE", "100000000");
        String email;
        String password;
        if (o.nodes == 1 && !o.mode.equals("writes")) {
            common.put("DEMO_DATA", "true");
            email = DEMO_EMAIL;
            password = DEMO_PASSWORD;
        } else {
            log("starting PostgreSQL and Redis (test harness)");
            clusterServicesStarted = true;
            PostgresServer pg = PostgresServer.shared();
            RedisServer redis = RedisServer.shared();
            if (o.mode.equals("writes")) {
                WritesRun.makeDurable(pg);
                log("PostgreSQL: fsync=on, synchronous_commit=on, full_page_writes=on");
            }
            databaseUrl = pg.newDatabase();
            databaseUser = pg.user();
            databasePassword = pg.password();
            common.put("DATABASE_URL", databaseUrl);
            common.put("DATABASE_USER", pg.user());
            common.put("DATABASE_PASSWORD", pg.password());
            common.put("JWT_SECRET", "bench-" + UUID.randomUUID() + UUID.randomUUID());
            common.put("REDIS_URL", redis.url());
            postgresPort = pg.port();
            redisPort = redis.port();
            common.put("BOOTSTRAP_ADMIN_EMAIL", CLUSTER_EMAIL);
            common.put("BOOTSTRAP_ADMIN_PASSWORD", CLUSTER_PASSWORD);
            email = CLUSTER_EMAIL;
            password = CLUSTER_PASSWORD;
        }
        common.putAll(o.env);
        serverSettings.put("SSE_MAX_STREAMS_PER_USER", common.get("SSE_MAX_STREAMS_PER_USER"));
        serverSettings.put("EMIT_MAX_PER_MINUTE", common.get("EMIT_MAX_PER_MINUTE"));
        serverSettings.put("STREAM_RATE_PER_MINUTE", common.get("STREAM_RATE_PER_MINUTE"));
        o.env.forEach(serverSettings::put);
        serverSettings.put("open files (ulimit -n)", String.valueOf(openFileLimit()[1]) + " (the hard limit)");
        // One after the other: the first one migrates the database and creates the first admin.
        for (int i = 1; i <= o.nodes; i++) {
            Map<String, String> env = new LinkedHashMap<>(common);
            Path dir = Files.createDirectories(tempDir.resolve("node-" + i));
            env.put("DATA_DIR", dir.resolve("data").toString());
            env.put("NODE_ID", "bench-" + i);
            log("starting node " + i + ": java " + String.join(" ", jvm)
                    + " com.propertyhub.app.Main   (JVM flags from "
                    + o.jvmArgsSource() + "; the benchmark adds -Xlog:gc for the pauses)");
            Path gcLog = dir.resolve("gc.log");
            List<String> withGcLog = new ArrayList<>(jvm);
            withGcLog.add("-Xlog:gc:file=" + gcLog);
            ServerProcess s = ServerProcess.start("bench-" + i, withGcLog, env, Path.of("").toAbsolutePath(),
                    dir.resolve("server.log"), Duration.ofSeconds(120));
            gcLogs.add(gcLog);
            servers.add(s);
            urls.add(s.baseUrl());
            pids.add(s.pid());
            log("  node " + i + " up at " + s.baseUrl() + " (pid " + s.pid() + ", log " + s.log() + ")");
        }
        return login(urls.get(0), email, password);
    }

    /** {@code pid} itself if it is a JVM; else its only JVM descendant (a wrapper script's child); else pid. */
    private static long javaProcess(long pid) {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow(
                () -> new IllegalStateException("--pid " + pid + ": no such process"));
        if (isJava(p)) {
            return pid;
        }
        List<ProcessHandle> jvms = p.descendants().filter(Bench::isJava).toList();
        if (jvms.size() == 1) {
            log("--pid " + pid + " is " + p.info().command().orElse("not a JVM") + "; using its JVM child "
                    + jvms.get(0).pid());
            return jvms.get(0).pid();
        }
        log("WARNING: --pid " + pid + " is " + p.info().command().orElse("?") + ", not a JVM: the CPU and memory "
                + "figures are that process's");
        return pid;
    }

    private static boolean isJava(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/java") || c.endsWith("java.exe")).orElse(false);
    }

    List<String> serverJvmArgs() {
        return o.jvmArgs();
    }

    Path tempDir() {
        return tempDir;
    }

    void checkServersAlive() {
        for (ServerProcess s : servers) {
            if (!s.isAlive()) {
                throw new IllegalStateException("server " + s.name() + " died; last lines of " + s.log() + ":\n"
                        + s.logTail(30));
            }
        }
    }

    /** Stops what the benchmark started; safe to call twice (normal end, then the shutdown hook). */
    synchronized void cleanup() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        if (client != null) {
            client.close();
        }
        if (o.external() && !customerIds.isEmpty()) {
            deleteCustomers();
        }
        servers.parallelStream().forEach(ServerProcess::stop);
        if (clusterServicesStarted) {
            TestServicesShutdown.closeAll();
        }
        if (tempDir != null) {
            if (o.keep) {
                System.err.println("[bench] kept " + tempDir);
            } else {
                try {
                    Processes.deleteRecursively(tempDir);
                } catch (RuntimeException e) {
                    System.err.println("[bench] cannot delete " + tempDir + ": " + e.getMessage());
                }
            }
        }
    }

    // ---- limits and machine ----------------------------------------------------------------------------------

    /**
     * The client needs about one descriptor per stream (in this process, or with {@code --mode idle} in each
     * client process), each server one per stream it holds. Servers and client processes are started with their
     * soft limit raised to the hard limit; this process keeps the limit it was started with.
     */
    private void checkLimits() {
        long[] files = openFileLimit();
        boolean idle = o.mode.equals("idle");
        int perNode = (o.streams + o.nodeCount() - 1) / o.nodeCount();
        int perSource = idle ? Math.min(o.streams, o.perClient) : o.streams;
        long clientNeeds = perSource + 200L;
        long serverNeeds = perNode + 500L;
        log("open-file limit (ulimit -n) of this JVM: " + (files[0] < 0 ? "unknown" : files[0])
                + (files[1] >= 0 ? " (hard " + files[1] + ")" : "") + "; the client needs ~" + clientNeeds
                + (idle ? " per client process" : "") + ", each server ~" + serverNeeds);
        long clientLimit = idle ? files[1] : files[0];
        long serverLimit = o.external() ? Long.MAX_VALUE : files[1];
        if (files[0] >= 0 && (clientLimit < clientNeeds || serverLimit < serverNeeds)) {
            throw new IllegalStateException("--streams " + o.streams + " needs about " + clientNeeds
                    + " open files in " + (idle ? "each client process" : "this process")
                    + " (one socket per stream) and "
                    + serverNeeds + " in each server, but the limit is " + files[0] + " (hard limit " + files[1] + "). "
                    + "Raise it in the shell first, e.g. `ulimit -n " + Math.max(clientNeeds, serverNeeds) * 2
                    + "` (up to the hard limit; beyond that as root or via /etc/security/limits.conf), "
                    + (idle ? "lower --per-client, " : "") + "or open fewer streams.");
        }
        long[] range = localPortRange();
        if (range != null && perSource > range[1] - range[0]) {
            log("WARNING: " + perSource + " streams from one source address to one server port need more local "
                    + "ports than net.ipv4.ip_local_port_range offers (" + range[0] + "-" + range[1] + ")"
                    + (idle ? "; lower --per-client" : ""));
        }
    }

    /** Soft and hard {@code Max open files} of this process; -1 when unknown. */
    static long[] openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] {parseLimit(f[0]), parseLimit(f[1])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return new long[] {-1, -1};
    }

    private static long parseLimit(String s) {
        return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
    }

    private static long[] localPortRange() {
        try {
            String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        String model = "?";
        long memKb = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        m.put("cpuModel", model);
        m.put("memoryMb", memKb < 0 ? null : memKb / 1024);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("loadAverage", loadAverage());
        m.put("openFileLimit", openFileLimit()[0]);
        return m;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    // ---- figures from /proc --------------------------------------------------------------------------------

    record Mem(long rssKb, long heapKb) {
    }

    double[] cpu() {
        double[] c = new double[pids.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = ServerProcess.cpuSeconds(pids.get(i));
        }
        return c;
    }

    /** CPU seconds of the PostgreSQL (postmaster and backends) and Redis the benchmark started; 0 if none. */
    double servicesCpu() {
        if (!clusterServicesStarted) {
            return 0;
        }
        double pg = ServerProcess.cpuSecondsOfProcessesMatching("postgres", "-p " + postgresPort);
        double redis = ServerProcess.cpuSecondsOfProcessesMatching("redis-server", ":" + redisPort);
        return (Double.isNaN(pg) ? 0 : pg) + (Double.isNaN(redis) ? 0 : redis);
    }

    /** Busy and idle clock ticks of the whole machine ({@code /proc/stat}); null when unreadable. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long busy = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                busy += Long.parseLong(f[i]);
            }
            return new long[] {busy - idle, idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    List<Mem> memory() {
        List<Mem> mem = new ArrayList<>();
        for (long pid : pids) {
            if (o.gc) {
                ServerProcess.forceGc(pid);
            }
            mem.add(new Mem(ServerProcess.rssKb(pid), o.gc ? ServerProcess.heapUsedKb(pid) : -1));
        }
        return mem;
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private String login(String base, String email, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("email", email, "password", password));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as " + email + " at " + base + " failed: HTTP " + r.statusCode()
                    + " " + r.body());
        }
        return JSON.readTree(r.body()).path("token").asText();
    }

    private void createCustomers(String token) throws Exception {
        for (int i = 0; i < o.customers; i++) {
            String body = "{\"company\":\"bench-setup-" + i + "\",\"owner\":\"Bench Owner\",\"email\":\"bench-"
                    + UUID.randomUUID().toString().substring(0, 8) + "@example.com\","
                    + "\"plan\":{\"name\":\"Starter\",\"monthlyPrice\":49.00}}";
            HttpResponse<String> r = http.send(request(urls.get(0) + "/api/customers", token, "POST", body),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("creating a customer failed: HTTP " + r.statusCode() + " " + r.body());
            }
            customerIds.add(JSON.readTree(r.body()).path("id").asText());
        }
        log("crud mode: created " + customerIds.size() + " customers to PATCH");
    }

    private void deleteCustomers() {
        try {
            String token = login(urls.get(0), o.email != null ? o.email : DEMO_EMAIL,
                    o.password != null ? o.password : DEMO_PASSWORD);
            for (String id : customerIds) {
                http.send(request(urls.get(0) + "/api/customers/" + id, token, "DELETE", null),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (Exception e) {
            System.err.println("[bench] cannot delete the benchmark's customers " + customerIds + ": " + e);
        }
    }

    static HttpRequest request(String url, String token, String method, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /**
     * Sends {@code count} mutating requests at {@code rate} per second on a fixed schedule (open loop: a slow
     * answer does not delay the next request), round-robin over the nodes. With a measurement, request {@code i}
     * is its number {@code firstIndex + i}; without, the requests are not measured (warm-up). Returns the
     * nanoTime of the first and the last send.
     */
    long[] drive(int count, double rate, Measurement m, int firstIndex, String token) {
        String pad = "x".repeat(o.pad);
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long first = 0;
        long previous = 0;
        boolean crud = o.patchesCustomers();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int node = i % urls.size();
            long sentAt = Math.max(System.nanoTime(), previous + 1);
            previous = sentAt;
            if (i == 0) {
                first = sentAt;
            }
            if (m != null) {
                m.sent(firstIndex + i, sentAt, node);
            }
            HttpRequest req = mutatingRequest(i, node, sentAt, pad, token);
            requestsPending.incrementAndGet();
            http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, error) -> {
                long took = System.nanoTime() - sentAt;
                if (error != null) {
                    requestError(error.getClass().getSimpleName() + ": " + error.getMessage());
                } else if (!expectedStatus(r.statusCode())) {
                    String b = r.body();
                    requestError("HTTP " + r.statusCode() + " " + (b.length() > 200 ? b.substring(0, 200) : b));
                } else if (m != null) {
                    // The emit answer is the logged event: {"id":"123",...}.
                    m.answered(sentAt, took, crud ? -1 : longAfter(r.body(), "\"id\":\""));
                }
                requestsPending.decrementAndGet();
            });
        }
        return new long[] {first, previous};
    }

    /** The run's kind of request: an emit to {@code admins}, or a PATCH of one of the run's customers. */
    private HttpRequest mutatingRequest(int i, int node, long sentAt, String pad, String token) {
        if (!o.patchesCustomers()) {
            String body = "{\"room\":\"admins\",\"event\":\"" + EMIT_EVENT + "\",\"data\":{\"sentAt\":" + sentAt
                    + ",\"pad\":\"" + pad + "\"}}";
            return request(urls.get(node) + "/api/realtime/emit", token, "POST", body);
        }
        String id = customerIds.get(i % customerIds.size());
        return request(urls.get(node) + "/api/customers/" + id, token, "PATCH", "{\"company\":\"bench-" + sentAt
                + "\"}");
    }

    /** 200 for a PATCH; an emit is 201 here, 202 at the reference servers. */
    private boolean expectedStatus(int status) {
        return o.patchesCustomers() ? status == 200 : status == 201 || status == 202;
    }

    /**
     * Brings the servers' request path to compiled code before any stream is open (so nothing fans out): the
     * run's kind of request, as fast as the servers answer with 8 in flight, then waits until the servers' JIT
     * compiler threads have been quiet for a second. While the compiler's queue is long, HotSpot raises the
     * thresholds for its top tier, so many methods are still in their profiling tier afterwards; short bursts
     * follow until one no longer makes the compiler work. A server in production is warm; without this the
     * measured window pays for compiling Jersey, Jackson and the database path.
     */
    private void warmJit(String token) throws InterruptedException {
        if (o.jitWarmup == 0 || pids.isEmpty()) {
            return;
        }
        log("JIT warm-up: " + o.jitWarmup + " requests, 8 in flight, before any stream is open");
        long started = System.nanoTime();
        double compiler0 = compilerCpuSeconds();
        int burst = o.jitWarmup;
        for (int round = 0; round < 5; round++) {
            double before = compilerCpuSeconds();
            sendAsFastAsAnswered(burst, token);
            awaitCompilerQuiet();
            double spent = compilerCpuSeconds() - before;
            if (round > 0 && spent < 0.2) {
                break;
            }
            burst = Math.max(500, o.jitWarmup / 5);
        }
        log(String.format("  warm after %.1f s (%.1f s of JIT compiler CPU)", (System.nanoTime() - started) / 1e9,
                compilerCpuSeconds() - compiler0));
    }

    private void sendAsFastAsAnswered(int count, String token) throws InterruptedException {
        String pad = "x".repeat(o.pad);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(8);
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            http.sendAsync(mutatingRequest(i, i % urls.size(), System.nanoTime(), pad, token),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((r, error) -> {
                        if (error != null || !expectedStatus(r.statusCode())) {
                            failed.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(8);
        inFlight.release(8);
        if (failed.get() > 0) {
            log("  " + failed.get() + " warm-up requests failed");
        }
    }

    /** Until the servers' JIT compiler threads used less than 20 ms of CPU in a second (at most 30 s). */
    private void awaitCompilerQuiet() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double before = compilerCpuSeconds();
        while (System.nanoTime() < until) {
            Poll.window(Duration.ofSeconds(1));
            double now = compilerCpuSeconds();
            if (now - before < 0.02) {
                return;
            }
            before = now;
        }
        log("  the servers' JIT compilers were still busy after 30 s");
    }

    private double compilerCpuSeconds() {
        double total = 0;
        for (long pid : pids) {
            for (Map.Entry<String, Double> thread : ServerProcess.threadCpuSeconds(pid).entrySet()) {
                if (CpuWindow.isJitCompiler(thread.getKey())) {
                    total += thread.getValue();
                }
            }
        }
        return total;
    }

    /** Streams open on all nodes, from {@code GET /api/realtime/stats}; -1 when it cannot be read. */
    long serverStreams(String token) {
        try {
            HttpResponse<String> r = http.send(request(urls.get(0) + "/api/realtime/stats", token, "GET", null),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("connections").asLong(-1) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void requestError(String kind) {
        requestErrors.incrementAndGet();
        requestErrorKinds.merge(kind, 1, Integer::sum);
    }

    void awaitRequests(Duration timeout) throws InterruptedException {
        Poll.until(() -> requestsPending.get() == 0, System.nanoTime() + timeout.toNanos(), 5);
    }

    // ---- deliveries (selector thread) ------------------------------------------------------------------------

    private void onEvent(StreamClient.Stream s, long id, String event, String data, long now) {
        StreamClient.Handler check = frameCheck;
        if (check != null) {
            check.onEvent(s, id, event, data, now);
        }
        boolean crud = o.patchesCustomers();
        if (!event.equals(crud ? CRUD_EVENT : EMIT_EVENT)) {
            return;
        }
        long sentAt = longAfter(data, crud ? CRUD_MARKER : EMIT_MARKER);
        Measurement m = measurement;
        if (m == null || !m.delivered(s, sentAt, now)) {
            unmatched.incrementAndGet(); // warm-up, or someone else's change
        }
    }

    /** The non-negative whole number right after {@code marker} in {@code text}, or -1. */
    static long longAfter(String text, String marker) {
        int at = text.indexOf(marker);
        if (at < 0) {
            return -1;
        }
        int i = at + marker.length();
        long v = 0;
        int digits = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && digits < 19) {
            v = v * 10 + (text.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    // ---- output ----------------------------------------------------------------------------------------------

    private Path writeJson(Map<String, Object> out) throws IOException {
        Files.createDirectories(o.out);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path file = o.out.resolve("result-" + stamp + ".json");
        JSON.writeValue(file.toFile(), out);
        return file;
    }

    static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
