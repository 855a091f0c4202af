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
import java.util.BitSet;
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

    private final BenchOptions o;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    /** Process ids to read figures from (started servers, or --pid), parallel to {@link #urls}; may be empty. */
    private final List<Long> pids = new ArrayList<>();
    private final List<String> customerIds = new ArrayList<>();
    private Path tempDir;
    private StreamClient client;
    private boolean cleanedUp;
    private boolean clusterServicesStarted;
    private int postgresPort;
    private int redisPort;

    // Measurement state. The maps are filled by the driver before each request is sent; the rest is touched only
    // by the client's selector thread (read through StreamClient.onLoop).
    private final Map<Long, Integer> sentIndex = new ConcurrentHashMap<>();
    private int[] emitNode;
    /** Per measured event: when its first and its last delivery arrived (selector thread). */
    private long[] firstArrival;
    private long[] lastArrival;
    private final Stats latency = new Stats();
    private final Stats sameNode = new Stats();
    private final Stats crossNode = new Stats();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private long duplicates;
    private volatile long lastDeliveryNanos;
    // Request side, from the HTTP client's threads.
    private final Stats requestLatency = new Stats();
    private final AtomicInteger requestsPending = new AtomicInteger();
    private final AtomicInteger requestErrors = new AtomicInteger();
    private final Map<String, Integer> requestErrorKinds = new ConcurrentHashMap<>();

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

    private int run() throws Exception {
        Map<String, Object> machine = machine();
        log("machine: " + machine.get("cpus") + " CPUs (" + machine.get("cpuModel") + "), load average "
                + machine.get("loadAverage"));
        checkLimits();
        String token = startOrConnect();
        if (o.mode.equals("crud")) {
            createCustomers(token);
        }
        int n = urls.size();

        // Memory before any stream.
        List<Mem> memBefore = memory();

        // Open the streams.
        client = new StreamClient(this::onEvent);
        log("opening " + o.streams + " streams over " + n + " node(s), " + o.connectBatch + " at a time");
        long openStart = System.nanoTime();
        client.open(urls, token, o.streams, o.connectBatch);
        long openDeadline = openStart + Duration.ofSeconds(o.openTimeoutSeconds).toNanos();
        long lastLog = openStart;
        while (client.readyCount() + client.failedCount() < o.streams && System.nanoTime() < openDeadline) {
            Thread.sleep(10);
            if (System.nanoTime() - lastLog > 5_000_000_000L) {
                lastLog = System.nanoTime();
                log("  " + client.readyCount() + " ready, " + client.failedCount() + " failed");
            }
            checkServersAlive();
        }
        long lastReady = client.onLoop(() -> client.streams().stream().filter(s -> s.ready)
                .mapToLong(s -> s.readyNanos).max().orElse(openStart));
        double openSeconds = (lastReady - openStart) / 1e9;
        int ready = client.readyCount();
        Map<String, Integer> openFailures = client.onLoop(() -> new LinkedHashMap<>(client.failures()));
        log(ready + " streams ready in " + String.format("%.2f", openSeconds) + " s"
                + (client.failedCount() > 0 ? ", " + client.failedCount() + " failed: " + openFailures : "")
                + (ready + client.failedCount() < o.streams ? ", " + (o.streams - ready - client.failedCount())
                + " still opening after " + o.openTimeoutSeconds + " s" : ""));
        if (ready == 0) {
            throw new IllegalStateException("no stream opened: " + openFailures);
        }

        // Memory with the streams.
        Thread.sleep(1_000);
        List<Mem> memWith = memory();

        // Warm-up (not measured): same kind of requests, same rate.
        int openBeforeRun = ready - client.closedAfterReady();
        if (o.warmup > 0) {
            log("warm-up: " + o.warmup + " requests at " + o.rate + "/s");
            drive(o.warmup, false, token);
            awaitRequests(Duration.ofSeconds(o.timeoutSeconds));
            long want = (long) o.warmup * openBeforeRun;
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (unmatched.get() < want && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        }

        // CPU of the warmed-up servers holding the open streams, with nothing to deliver (timers, heartbeats, bus).
        double[] idleCpu0 = cpu();
        long idle0 = System.nanoTime();
        Thread.sleep(3_000);
        double idleCpuCores = (sum(cpu()) - sum(idleCpu0)) / ((System.nanoTime() - idle0) / 1e9);

        // Measured run.
        final int streamsAtStart = ready - client.closedAfterReady();
        long expected = (long) o.events * streamsAtStart;
        emitNode = new int[o.events];
        firstArrival = new long[o.events];
        lastArrival = new long[o.events];
        log("measured: " + o.events + " requests (" + o.mode + ") at " + o.rate + "/s to " + streamsAtStart
                + " streams = " + expected + " deliveries expected");
        double[] cpu0 = cpu();
        long[] machine0 = machineTicks();
        double services0 = servicesCpu();
        double client0 = ServerProcess.cpuSeconds(ProcessHandle.current().pid());
        StallProbe probe = StallProbe.start();
        long run0 = System.nanoTime();
        long[] sendWindow = drive(o.events, true, token);
        long deadline = sendWindow[1] + Duration.ofSeconds(o.timeoutSeconds).toNanos();
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
            checkServersAlive();
        }
        long run1 = System.nanoTime();
        Stats.Summary stalls = probe.stop();
        double[] cpu1 = cpu();
        long[] machine1 = machineTicks();
        double services1 = servicesCpu();
        double client1 = ServerProcess.cpuSeconds(ProcessHandle.current().pid());
        awaitRequests(Duration.ofSeconds(10));
        Map<String, Object> result = client.onLoop(() -> report(expected, streamsAtStart));
        Map<String, Integer> closes = client.onLoop(() -> new LinkedHashMap<>(client.closes()));
        long got = (long) result.get("received");

        // Figures.
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mode", o.mode);
        config.put("nodes", n);
        config.put("streams", o.streams);
        config.put("rate", o.rate);
        config.put("events", o.events);
        config.put("warmup", o.warmup);
        config.put("pad", o.mode.equals("emit") ? o.pad : null);
        config.put("target", o.external() ? urls : "started by the benchmark");
        config.put("database", o.external() ? "running server" : n > 1 ? "PostgreSQL (shared) + Redis bus" : "embedded H2");
        config.put("serverJvm", o.external() ? null : serverJvmArgs());
        out.put("config", config);
        out.put("machine", machine);

        Map<String, Object> streams = new LinkedHashMap<>();
        streams.put("requested", o.streams);
        streams.put("ready", ready);
        streams.put("failedToOpen", client.failedCount());
        streams.put("openFailures", openFailures);
        streams.put("secondsToOpenAll", round3(openSeconds));
        streams.put("closedDuringRun", client.closedAfterReady());
        streams.put("closeReasons", closes);
        out.put("streams", streams);

        double sendSeconds = (sendWindow[1] - sendWindow[0]) / 1e9;
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("sent", o.events);
        requests.put("achievedRate", o.events > 1 && sendSeconds > 0 ? round3((o.events - 1) / sendSeconds) : null);
        requests.put("errors", requestErrors.get());
        requests.put("errorKinds", new LinkedHashMap<>(requestErrorKinds));
        synchronized (requestLatency) {
            requests.put("responseLatency", requestLatency.summary().toMap());
        }
        out.put("requests", requests);
        out.put("deliveries", result);

        double windowSeconds = (run1 - run0) / 1e9;
        double deliverySeconds = lastDeliveryNanos > sendWindow[0] ? (lastDeliveryNanos - sendWindow[0]) / 1e9 : 0;
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("deliveriesPerSecond", deliverySeconds > 0 ? Math.round(got / deliverySeconds) : null);
        throughput.put("windowSeconds", round3(windowSeconds));
        out.put("throughput", throughput);

        Map<String, Object> cpuOut = new LinkedHashMap<>();
        boolean haveCpu = !pids.isEmpty() && !Double.isNaN(sum(cpu0)) && !Double.isNaN(sum(cpu1));
        if (haveCpu) {
            double serverCpu = sum(cpu1) - sum(cpu0);
            cpuOut.put("serverCpuSeconds", round3(serverCpu));
            cpuOut.put("serverCpuCoresDuringRun", round3(serverCpu / windowSeconds));
            cpuOut.put("microsPerDelivery", got > 0 ? round3(serverCpu * 1e6 / got) : null);
            cpuOut.put("millisPerRequest", round3(serverCpu * 1e3 / o.events));
            cpuOut.put("idleCpuCoresWithStreams", round3(idleCpuCores));
            List<Double> perNode = new ArrayList<>();
            for (int i = 0; i < cpu0.length; i++) {
                perNode.add(round3(cpu1[i] - cpu0[i]));
            }
            cpuOut.put("serverCpuSecondsPerNode", perNode);
        }
        cpuOut.put("clientCpuSeconds", round3(client1 - client0));
        if (clusterServicesStarted) {
            double services = services1 - services0;
            cpuOut.put("postgresAndRedisCpuSeconds", round3(services));
            cpuOut.put("postgresAndRedisMicrosPerDelivery", got > 0 ? round3(services * 1e6 / got) : null);
        }
        cpuOut.put("clientSchedulingDelay", stalls.toMap());
        if (machine0 != null && machine1 != null) {
            // Everything on the machine (other people's builds too): how contended the run was.
            double busy = (machine1[0] - machine0[0]) / (double) ServerProcess.ticksPerSecond();
            cpuOut.put("machineBusyCpuSeconds", round3(busy));
            cpuOut.put("machineBusyCoresDuringRun", round3(busy / windowSeconds));
        }
        cpuOut.put("clockTicksPerSecond", ServerProcess.ticksPerSecond());
        out.put("cpu", cpuOut);

        Map<String, Object> mem = new LinkedHashMap<>();
        if (!pids.isEmpty()) {
            long rssBefore = memBefore.stream().mapToLong(Mem::rssKb).sum();
            long rssWith = memWith.stream().mapToLong(Mem::rssKb).sum();
            long heapBefore = memBefore.stream().mapToLong(Mem::heapKb).sum();
            long heapWith = memWith.stream().mapToLong(Mem::heapKb).sum();
            boolean heapKnown = memBefore.stream().allMatch(m -> m.heapKb >= 0) && memWith.stream().allMatch(m -> m.heapKb >= 0);
            mem.put("gcBeforeReading", o.gc);
            mem.put("rssKbBeforeStreams", rssBefore);
            mem.put("rssKbWithStreams", rssWith);
            mem.put("rssKbPerStream", round3((rssWith - rssBefore) / (double) ready));
            mem.put("heapKbBeforeStreams", heapKnown ? heapBefore : null);
            mem.put("heapKbWithStreams", heapKnown ? heapWith : null);
            mem.put("heapKbPerStream", heapKnown ? round3((heapWith - heapBefore) / (double) ready) : null);
            List<Map<String, Object>> perNode = new ArrayList<>();
            for (int i = 0; i < memBefore.size(); i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pid", pids.get(i));
                m.put("rssKbBeforeStreams", memBefore.get(i).rssKb);
                m.put("rssKbWithStreams", memWith.get(i).rssKb);
                m.put("heapKbBeforeStreams", memBefore.get(i).heapKb);
                m.put("heapKbWithStreams", memWith.get(i).heapKb);
                perNode.add(m);
            }
            mem.put("perNode", perNode);
        }
        out.put("memory", mem);
        machine.put("loadAverageAfter", loadAverage());

        printTable(out);
        Path file = writeJson(out);
        System.out.println("\nJSON: " + file.toAbsolutePath());

        boolean ok = got >= expected && client.failedCount() == 0 && requestErrors.get() == 0
                && ready == o.streams;
        if (!ok) {
            System.out.println("\nWARNING: not every stream opened, or a request failed, or not every delivery arrived"
                    + (o.strict ? " (exit code 3)" : "") + "; see above.");
            if (!servers.isEmpty()) {
                for (ServerProcess s : servers) {
                    System.out.println("--- last lines of " + s.log() + " ---\n" + s.logTail(15));
                }
            }
        }
        return ok || !o.strict ? 0 : 3;
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
        tempDir = Files.createTempDirectory("propertyhub-bench-");
        List<String> jvm = serverJvmArgs();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("SSE_MAX_STREAMS_PER_USER", String.valueOf(MAX_STREAMS_PER_USER));
        // One login drives every request: lift the per-user emit limit so it never shapes the measured rate.
        common.put("EMIT_MAX_PER_MINUTE", "10000000");
        String email;
        String password;
        if (o.nodes == 1) {
            common.put("DEMO_DATA", "true");
            email = DEMO_EMAIL;
            password = DEMO_PASSWORD;
        } else {
            log("starting PostgreSQL and Redis (test harness)");
            clusterServicesStarted = true;
            PostgresServer pg = PostgresServer.shared();
            RedisServer redis = RedisServer.shared();
            common.put("DATABASE_URL", pg.newDatabase());
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
        // One after the other: the first one migrates the database and creates the first admin.
        for (int i = 1; i <= o.nodes; i++) {
            Map<String, String> env = new LinkedHashMap<>(common);
            Path dir = Files.createDirectories(tempDir.resolve("node-" + i));
            env.put("DATA_DIR", dir.resolve("data").toString());
            env.put("NODE_ID", "bench-" + i);
            log("starting node " + i + ": java " + String.join(" ", jvm) + " com.propertyhub.app.Main");
            ServerProcess s = ServerProcess.start("bench-" + i, jvm, env, Path.of("").toAbsolutePath(),
                    dir.resolve("server.log"), Duration.ofSeconds(120));
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

    private List<String> serverJvmArgs() {
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + o.heap);
        jvm.addAll(o.serverJvm);
        return jvm;
    }

    private void checkServersAlive() {
        for (ServerProcess s : servers) {
            if (!s.isAlive()) {
                throw new IllegalStateException("server " + s.name() + " died; last lines of " + s.log() + ":\n"
                        + s.logTail(30));
            }
        }
    }

    /** Stops what the benchmark started; safe to call twice (normal end, then the shutdown hook). */
    private synchronized void cleanup() {
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

    private void checkLimits() {
        long[] files = openFileLimit();
        int perNode = (o.streams + o.nodeCount() - 1) / o.nodeCount();
        long clientNeeds = o.streams + 200L;
        long serverNeeds = perNode + 500L;
        log("open-file limit (ulimit -n) of this JVM: " + (files[0] < 0 ? "unknown" : files[0])
                + (files[1] >= 0 ? " (hard " + files[1] + ")" : "") + "; the client needs ~" + clientNeeds
                + ", each server ~" + serverNeeds);
        if (files[0] >= 0 && files[0] < Math.max(clientNeeds, o.external() ? 0 : serverNeeds)) {
            throw new IllegalStateException("--streams " + o.streams + " needs about " + clientNeeds
                    + " open files in this process (one socket per stream) and " + serverNeeds
                    + " in each server, but the limit is " + files[0] + " (hard limit " + files[1] + "). "
                    + "Raise it in the shell first, e.g. `ulimit -n " + Math.max(clientNeeds, serverNeeds) * 2
                    + "` (up to the hard limit; beyond that as root or via /etc/security/limits.conf), "
                    + "or open fewer streams.");
        }
        long[] range = localPortRange();
        if (range != null && perNode > range[1] - range[0]) {
            log("WARNING: " + perNode + " streams to one server port need more local ports than "
                    + "net.ipv4.ip_local_port_range offers (" + range[0] + "-" + range[1] + ")");
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

    private static String loadAverage() {
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

    private double[] cpu() {
        double[] c = new double[pids.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = ServerProcess.cpuSeconds(pids.get(i));
        }
        return c;
    }

    /** CPU seconds of the PostgreSQL (postmaster and backends) and Redis the benchmark started; 0 if none. */
    private double servicesCpu() {
        if (!clusterServicesStarted) {
            return 0;
        }
        double pg = ServerProcess.cpuSecondsOfProcessesMatching("postgres", "-p " + postgresPort);
        double redis = ServerProcess.cpuSecondsOfProcessesMatching("redis-server", ":" + redisPort);
        return (Double.isNaN(pg) ? 0 : pg) + (Double.isNaN(redis) ? 0 : redis);
    }

    /** Busy and idle clock ticks of the whole machine ({@code /proc/stat}); null when unreadable. */
    private static long[] machineTicks() {
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

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private List<Mem> memory() {
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

    private static HttpRequest request(String url, String token, String method, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /**
     * Sends {@code count} mutating requests on a fixed schedule (open loop: a slow answer does not delay the next
     * request), round-robin over the nodes. Returns the nanoTime of the first and the last send.
     */
    private long[] drive(int count, boolean measured, String token) {
        String pad = "x".repeat(o.pad);
        long interval = (long) (1_000_000_000L / o.rate);
        long start = System.nanoTime();
        long first = 0;
        long previous = 0;
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
            if (measured) {
                emitNode[i] = node;
                sentIndex.put(sentAt, i);
            }
            HttpRequest req;
            int expectedStatus;
            if (o.mode.equals("emit")) {
                String body = "{\"room\":\"admins\",\"event\":\"" + EMIT_EVENT + "\",\"data\":{\"sentAt\":" + sentAt
                        + ",\"pad\":\"" + pad + "\"}}";
                req = request(urls.get(node) + "/api/realtime/emit", token, "POST", body);
                expectedStatus = 201;
            } else {
                String id = customerIds.get(i % customerIds.size());
                req = request(urls.get(node) + "/api/customers/" + id, token, "PATCH",
                        "{\"company\":\"bench-" + sentAt + "\"}");
                expectedStatus = 200;
            }
            requestsPending.incrementAndGet();
            http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, error) -> {
                long took = System.nanoTime() - sentAt;
                if (error != null) {
                    requestError(error.getClass().getSimpleName() + ": " + error.getMessage());
                } else if (r.statusCode() != expectedStatus) {
                    String b = r.body();
                    requestError("HTTP " + r.statusCode() + " " + (b.length() > 200 ? b.substring(0, 200) : b));
                } else if (measured) {
                    synchronized (requestLatency) {
                        requestLatency.add(took);
                    }
                }
                requestsPending.decrementAndGet();
            });
        }
        return new long[] {first, previous};
    }

    private void requestError(String kind) {
        requestErrors.incrementAndGet();
        requestErrorKinds.merge(kind, 1, Integer::sum);
    }

    private void awaitRequests(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (requestsPending.get() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    // ---- deliveries (selector thread) ------------------------------------------------------------------------

    private void onEvent(StreamClient.Stream s, String event, String data, long now) {
        long sentAt;
        if (o.mode.equals("emit")) {
            if (!event.equals(EMIT_EVENT)) {
                return;
            }
            sentAt = longAfter(data, EMIT_MARKER);
        } else {
            if (!event.equals(CRUD_EVENT)) {
                return;
            }
            sentAt = longAfter(data, CRUD_MARKER);
        }
        Integer index = sentAt < 0 ? null : sentIndex.get(sentAt);
        if (index == null) {
            unmatched.incrementAndGet(); // warm-up, or someone else's change
            return;
        }
        if (s.seen == null) {
            s.seen = new BitSet(o.events);
        }
        if (s.seen.get(index)) {
            duplicates++;
            return;
        }
        s.seen.set(index);
        if (firstArrival[index] == 0) {
            firstArrival[index] = now;
        }
        lastArrival[index] = now;
        long took = now - sentAt;
        latency.add(took);
        if (urls.size() > 1) {
            (emitNode[index] == s.node ? sameNode : crossNode).add(took);
        }
        lastDeliveryNanos = now;
        received.incrementAndGet();
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

    private Map<String, Object> report(long expected, int streamsOpen) {
        Map<String, Object> r = new LinkedHashMap<>();
        long got = received.get();
        r.put("streamsAtStart", streamsOpen);
        r.put("expected", expected);
        r.put("received", got);
        r.put("missed", expected - got);
        r.put("duplicates", duplicates);
        int incomplete = 0;
        for (StreamClient.Stream s : client.streams()) {
            if (s.ready && (s.seen == null || s.seen.cardinality() < o.events)) {
                incomplete++;
            }
        }
        r.put("streamsMissingEvents", incomplete);
        r.put("latency", latency.summary().toMap());
        Stats first = new Stats();
        Stats spread = new Stats();
        int tenth = Math.max(1, o.events / 10);
        Stats early = new Stats();
        Stats late = new Stats();
        for (Map.Entry<Long, Integer> e : sentIndex.entrySet()) {
            int i = e.getValue();
            if (firstArrival[i] != 0) {
                first.add(firstArrival[i] - e.getKey());
                spread.add(lastArrival[i] - firstArrival[i]);
                if (i < tenth) {
                    early.add(lastArrival[i] - e.getKey());
                } else if (i >= o.events - tenth) {
                    late.add(lastArrival[i] - e.getKey());
                }
            }
        }
        // Until the last stream had it, for the first and the last tenth of the events: growing from one to the
        // other means deliveries cannot keep up with the rate and a backlog builds up.
        Map<String, Object> trend = new LinkedHashMap<>();
        trend.put("firstTenthMedianMs", early.summary().toMap().get("p50Ms"));
        trend.put("lastTenthMedianMs", late.summary().toMap().get("p50Ms"));
        r.put("lastStreamLatencyTrend", trend);
        // Per event: until its first stream had it (request + commit + delivery to one stream), and from its
        // first to its last stream (the fan-out).
        r.put("firstDeliveryLatency", first.summary().toMap());
        r.put("fanOutSpread", spread.summary().toMap());
        if (urls.size() > 1) {
            r.put("latencySameNode", sameNode.summary().toMap());
            r.put("latencyCrossNode", crossNode.summary().toMap());
        }
        r.put("framesReceived", client.framesReceived());
        r.put("bytesReceived", client.bytesReceived());
        return r;
    }

    // ---- output ----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void printTable(Map<String, Object> out) {
        Map<String, Object> cfg = (Map<String, Object>) out.get("config");
        Map<String, Object> st = (Map<String, Object>) out.get("streams");
        Map<String, Object> rq = (Map<String, Object>) out.get("requests");
        Map<String, Object> d = (Map<String, Object>) out.get("deliveries");
        Map<String, Object> tp = (Map<String, Object>) out.get("throughput");
        Map<String, Object> cpu = (Map<String, Object>) out.get("cpu");
        Map<String, Object> mem = (Map<String, Object>) out.get("memory");
        Map<String, Object> mc = (Map<String, Object>) out.get("machine");
        List<String[]> rows = new ArrayList<>();
        rows.add(row("mode", cfg.get("mode") + (o.mode.equals("emit") ? " (POST /api/realtime/emit, pad "
                + o.pad + " B)" : " (PATCH /api/customers/{id})")));
        rows.add(row("nodes", cfg.get("nodes") + "  (" + cfg.get("database") + ")"));
        rows.add(row("streams open / requested", st.get("ready") + " / " + st.get("requested")
                + (client.failedCount() > 0 ? "  FAILED: " + st.get("openFailures") : "")));
        rows.add(row("time to open all streams", st.get("secondsToOpenAll") + " s"));
        rows.add(row("rate (target / achieved)", o.rate + " / " + rq.get("achievedRate") + " requests/s"));
        rows.add(row("requests (measured, errors)", rq.get("sent") + ", " + rq.get("errors")
                + (requestErrors.get() > 0 ? "  " + rq.get("errorKinds") : "")));
        rows.add(row("request response ms p50/p90/p99/max", line((Map<String, Object>) rq.get("responseLatency"))));
        rows.add(row("deliveries expected / received", d.get("expected") + " / " + d.get("received")));
        rows.add(row("deliveries missed / duplicated", d.get("missed") + " / " + d.get("duplicates")
                + ("0".equals(String.valueOf(d.get("missed"))) ? "" : "  (" + d.get("streamsMissingEvents")
                + " streams incomplete)")));
        rows.add(row("streams closed during the run", st.get("closedDuringRun")
                + (client.closedAfterReady() > 0 ? "  " + st.get("closeReasons") : "")));
        rows.add(row("latency ms p50/p90/p99/max", line((Map<String, Object>) d.get("latency"))));
        rows.add(row("  first stream per event ms p50/p90/p99/max", line((Map<String, Object>) d.get("firstDeliveryLatency"))));
        rows.add(row("  fan-out first->last stream ms p50/p90/p99/max", line((Map<String, Object>) d.get("fanOutSpread"))));
        Map<String, Object> trend = (Map<String, Object>) d.get("lastStreamLatencyTrend");
        rows.add(row("  all streams had it, ms: first/last 10% of events", trend.get("firstTenthMedianMs") + " -> "
                + trend.get("lastTenthMedianMs") + "  (growing = backlog)"));
        if (d.containsKey("latencySameNode")) {
            rows.add(row("  same node ms p50/p90/p99/max", line((Map<String, Object>) d.get("latencySameNode"))));
            rows.add(row("  cross node (Redis) ms p50/p90/p99/max", line((Map<String, Object>) d.get("latencyCrossNode"))));
        }
        rows.add(row("deliveries per second", String.valueOf(tp.get("deliveriesPerSecond"))));
        if (cpu.containsKey("serverCpuSeconds")) {
            rows.add(row("server CPU during run", cpu.get("serverCpuSeconds") + " s  (" + cpu.get("serverCpuCoresDuringRun")
                    + " cores over " + tp.get("windowSeconds") + " s" + (urls.size() > 1 ? ", per node "
                    + cpu.get("serverCpuSecondsPerNode") : "") + ")"));
            rows.add(row("server CPU per delivery", cpu.get("microsPerDelivery") + " µs  (" + cpu.get("millisPerRequest")
                    + " ms per request incl. its fan-out)"));
            rows.add(row("server CPU idle with streams open", cpu.get("idleCpuCoresWithStreams") + " cores"));
        } else {
            rows.add(row("server CPU", "n/a (no local process id; use --pid)"));
        }
        if (cpu.containsKey("postgresAndRedisCpuSeconds")) {
            rows.add(row("PostgreSQL + Redis CPU during run", cpu.get("postgresAndRedisCpuSeconds") + " s  ("
                    + cpu.get("postgresAndRedisMicrosPerDelivery") + " µs per delivery)"));
        }
        rows.add(row("client CPU during run", cpu.get("clientCpuSeconds") + " s"));
        if (cpu.containsKey("machineBusyCoresDuringRun")) {
            rows.add(row("whole machine busy during run", cpu.get("machineBusyCoresDuringRun") + " of "
                    + mc.get("cpus") + " cores (all processes)"));
        }
        rows.add(row("client wake-up delay ms p50/p90/p99/max", line((Map<String, Object>) cpu.get("clientSchedulingDelay"))));
        if (!mem.isEmpty()) {
            rows.add(row("server RSS before / with streams", kbToMb(mem.get("rssKbBeforeStreams")) + " / "
                    + kbToMb(mem.get("rssKbWithStreams")) + " MB" + (o.gc ? " (after a forced GC)" : "")));
            rows.add(row("RSS per open stream", mem.get("rssKbPerStream") + " KB"));
            if (mem.get("heapKbPerStream") != null) {
                rows.add(row("heap used before / with streams", kbToMb(mem.get("heapKbBeforeStreams")) + " / "
                        + kbToMb(mem.get("heapKbWithStreams")) + " MB"));
                rows.add(row("heap per open stream", mem.get("heapKbPerStream") + " KB"));
            }
        }
        rows.add(row("machine", mc.get("cpus") + " CPUs " + mc.get("cpuModel") + ", " + mc.get("memoryMb")
                + " MB, load " + mc.get("loadAverage") + " -> " + mc.get("loadAverageAfter")));
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        System.out.println();
        System.out.println("PropertyHub realtime benchmark");
        System.out.println("-".repeat(width + 40));
        for (String[] r : rows) {
            System.out.printf("%-" + width + "s  %s%n", r[0], r[1]);
        }
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String line(Map<String, Object> s) {
        if (s == null || ((Number) s.get("count")).intValue() == 0) {
            return "-";
        }
        return s.get("p50Ms") + " / " + s.get("p90Ms") + " / " + s.get("p99Ms") + " / " + s.get("maxMs");
    }

    private static String kbToMb(Object kb) {
        return kb == null ? "?" : String.format("%.1f", ((Number) kb).longValue() / 1024.0);
    }

    private static Double round3(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000.0) / 1000.0;
    }

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
