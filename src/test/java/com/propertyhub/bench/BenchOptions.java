package com.propertyhub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line of {@link Bench}: {@code --name value} pairs and a few flags; {@link #USAGE} lists them. */
final class BenchOptions implements Cloneable {
    static final String USAGE = """
            Usage: Bench [options]   (mvn -B -q -Pbench test-compile exec:exec -Dbench.args="[options]")

            Modes (--mode, default emit); every mode prints a table and writes the same JSON shape
              emit                 M emits (POST /api/realtime/emit to room admins, event bench:tick) at R/s
                                   to N streams, every delivery measured (defaults N 1000, R 20, M 100)
              crud                 the same with PATCH /api/customers/{id} {"company":"bench-<nanoTime>"},
                                   measured from the customer:updated frames
              fanout               one emit at a time to N streams: M events R/s apart, each event's latency
                                   to every stream (defaults N 10000, R 1, M 10, warm-up 5)
              saturation           emits in rounds of --round-seconds, the rate starting at R and multiplied
                                   by --step each round, until p99 passes --p99-limit (twice in a row at the
                                   same rate) or a delivery is missing; per round and the last good
                                   deliveries/s (defaults N 1000, R 10)
              storm                N streams see M events, then all are dropped at once (client side), M
                                   events are emitted while they are down, all reconnect at once with
                                   Last-Event-ID while M more are emitted: time until every stream has every
                                   event, missed and duplicated ids (defaults N 10000, M 20)
              writes               the write ceiling: PATCH /api/customers/{id} on K customers in rounds of
                                   --round-seconds, the rate starting at R and multiplied by --step each
                                   round, until the answers' p99 passes --p99-limit (twice at one rate), a
                                   request fails or a delivery is missing; PostgreSQL (also for --nodes 1)
                                   with fsync=on and synchronous_commit=on; per round the answer latency,
                                   row-lock and WAL-flush wait and CPU per write (defaults N 10, R 20, K 64,
                                   --jit-warmup 3000)
              idle                 N idle streams from --per-client streams per child JVM, each on its own
                                   source address 127.0.0.2, .3, ...: time to open, heap and RSS per stream,
                                   REST latency and server CPU while they are held (default N 19000)

            Load
              --streams N          event streams to open (default: see the mode)
              --rate R             mutating requests per second, open loop (default: see the mode)
              --events M           measured mutating requests (default: see the mode)
              --jit-warmup J       requests of the run's kind first sent as fast as the servers answer (8 in
                                   flight) before any stream is open, so the request path is compiled code
                                   before anything is measured; then the benchmark waits for the servers' JIT
                                   compiler threads to go quiet (default 15000, writes 3000; 0 = none)
              --warmup W           unmeasured requests sent with the streams open, at the same rate, so the
                                   fan-out path is compiled and the JIT has settled (default: 45 seconds'
                                   worth, at least 20; fanout and storm: 5; idle: none). With a shorter
                                   warm-up the window pays for JIT compiling, shown as its own figure
              --mode MODE          see above
              --pad BYTES          size of the "pad" string of the emits (default 256)
              --customers K        customers PATCHed round-robin in crud and writes mode (default 4; writes 64)

            Mode options
              --step F             saturation: rate factor from one round to the next (default 1.5)
              --round-seconds S    saturation: length of a round (default 5)
              --max-rounds K       saturation: stop after K rounds anyway (default 12)
              --p99-limit MS       saturation, writes: a round with a higher latency p99 (writes: of the
                                   answers) ends the run (default 100)
              --reconnect-batch K  storm: reconnects in flight at once (default: all of them)
              --per-client N       idle: streams per client process (default 5000)
              --hold S             idle: seconds the streams are held while the server CPU is measured,
                                   best above SSE_HEARTBEAT (default 30)
              --rest K             idle: GET /health/ready and GET /api/customers K times each, before and
                                   while the streams are held (default 50)

            Servers started by the benchmark (default: one node, embedded H2, demo data)
              --nodes N            N > 1: N nodes sharing one PostgreSQL and one Redis (test harness)
              --jvm-args "ARGS"    the servers' JVM flags, space separated (default: .mvn/jvm.config, the
                                   flags `mvn -q compile exec:java`, the README's run command, runs with;
                                   --jvm-args= for none, i.e. the JVM's own defaults)
              --env KEY=VALUE      extra server setting (repeatable), e.g. --env SSE_QUEUE_LIMIT=5000
              --keep               keep the servers' temp dirs and logs

            An already running server instead
              --target URL[,URL]   base URL(s), e.g. http://localhost:8080; streams and requests spread over them
              --pid PID[,PID]      the server process id(s), for CPU and memory figures (same machine;
                                   a wrapper script's pid is followed to its only JVM child)
              --email E            login (default superadmin@propertyhub.local, or the bootstrap admin)
              --password P         (default demo1234)

            Side by side (emit mode)
              --peers LIST         also start the reference servers of ../shared/bench-peers and measure them
                                   with the same workload, servers alternating: floor (FloorSse.java, compiled
                                   into target/bench-peers), socketio (the Socket.IO design: npm ci in a copy
                                   under target/bench-peers, on the test harness's PostgreSQL, read by a raw
                                   Engine.IO v4 / Socket.IO v5 WebSocket client), e.g. --peers floor,socketio;
                                   prints ours/floor and ours/Socket.IO for CPU per delivery and p99; with
                                   --http2 K ours is read over HTTP/2, the floor over HTTP/1.1
              --rounds K           rounds of A B C with --peers (default 2)
              --peers-dir DIR      where the reference servers are (default ../shared/bench-peers, else
                                   /work/shared/bench-peers)

            Client
              --http V             the streams' HTTP version: 1.1 (default: chunked, as browsers and every
                                   common client read it) or 1.0 (the body is not chunked)
              --http2 K            open the streams as HTTP/2 streams over K cleartext HTTP/2 connections per
                                   node (h2c, Jetty's HTTP/2 client), as a proxy or a browser multiplexes them,
                                   instead of one HTTP/1.x connection per stream (default 0; not with idle)
              --connect-batch K    stream opens in flight at once (default 200)
              --open-timeout S     seconds to wait for every stream's ready (default 120)
              --timeout S          seconds to wait for deliveries after the last request (default 30)
              --no-gc              do not force a GC (jcmd) before the memory figures
              --out DIR            where result-<timestamp>.json goes (default target/bench)
              --strict             accepted for older scripts; every run is strict: exit code 3 when a
                                   stream failed to open or was cut, a request failed or a delivery is
                                   missing or duplicated
              --help
            """;

    static final List<String> MODES = List.of("emit", "crud", "fanout", "saturation", "storm", "idle", "writes");
    static final List<String> PEERS = List.of("floor", "socketio");
    /**
     * Maven reads its JVM's flags from here, so this is what the README's run command ({@code mvn -q compile
     * exec:java}, the application inside Maven's JVM) runs the server with; the servers the benchmark starts get
     * the same by default.
     */
    static final Path RUN_COMMAND_JVM_CONFIG = Path.of(".mvn", "jvm.config");

    /** 0, NaN and -1: the mode's default (see {@link #applyModeDefaults()}). */
    int streams;
    double rate = Double.NaN;
    int events;
    int warmup = -1;
    int jitWarmup = -1;
    String mode = "emit";
    double step = 1.5;
    int roundSeconds = 5;
    int maxRounds = 12;
    double p99LimitMs = 100;
    int reconnectBatch;
    int perClient = 5000;
    int holdSeconds = 30;
    int restRequests = 50;
    int pad = 256;
    int customers;
    int nodes = 1;
    /** The servers' JVM flags; null: those of {@link #RUN_COMMAND_JVM_CONFIG} (see {@link #jvmArgs()}). */
    List<String> jvmArgs;
    /** Reference servers to measure beside ours ({@code floor}, {@code socketio}); empty: ours alone. */
    List<String> peers = new ArrayList<>();
    int rounds = 2;
    Path peersDir;
    /** The streams' protocol: SSE over HTTP, or Socket.IO over WebSocket (set for the Socket.IO peer). */
    boolean socketIo;
    /** GC logs of the server under test, when the benchmark started it (see {@link #against}). */
    List<Path> gcLogs = List.of();
    /** What the server under test is and how it runs (for a server the benchmark did not start itself). */
    String serverLabel;
    Map<String, String> env = new LinkedHashMap<>();
    boolean keep;
    List<String> targets = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    String email;
    String password;
    /** HTTP/2 connections per node for the streams; 0: one HTTP/1.x connection per stream. */
    int http2;
    int connectBatch = 200;
    /** The streams' HTTP version, "1.0" or "1.1". */
    String http = "1.1";
    int openTimeoutSeconds = 120;
    int timeoutSeconds = 30;
    boolean gc = true;
    Path out = Path.of("target", "bench");
    boolean help;

    static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.isBlank()) {
                continue;
            }
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0 && !a.startsWith("--env")) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--help", "-h" -> o.help = true;
                case "--keep" -> o.keep = true;
                case "--no-gc" -> o.gc = false;
                case "--strict" -> { }
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        value = args[++i];
                    }
                    o.set(a, value);
                }
            }
        }
        o.validate();
        return o;
    }

    private void set(String name, String v) {
        switch (name) {
            case "--streams" -> streams = positive(name, v);
            case "--rate" -> {
                rate = Double.parseDouble(v);
                if (!(rate > 0)) {
                    throw new IllegalArgumentException("--rate must be > 0");
                }
            }
            case "--events" -> events = positive(name, v);
            case "--jit-warmup" -> {
                jitWarmup = Integer.parseInt(v);
                if (jitWarmup < 0) {
                    throw new IllegalArgumentException("--jit-warmup must not be negative");
                }
            }
            case "--warmup" -> {
                warmup = Integer.parseInt(v);
                if (warmup < 0) {
                    throw new IllegalArgumentException("--warmup must not be negative");
                }
            }
            case "--mode" -> mode = v;
            case "--pad" -> pad = Integer.parseInt(v);
            case "--customers" -> customers = positive(name, v);
            case "--nodes" -> nodes = positive(name, v);
            case "--jvm-args" -> jvmArgs = flags(v);
            case "--peers" -> {
                peers = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                for (String peer : peers) {
                    if (!PEERS.contains(peer)) {
                        throw new IllegalArgumentException("--peers takes " + String.join(", ", PEERS) + ", got "
                                + peer);
                    }
                }
            }
            case "--rounds" -> rounds = positive(name, v);
            case "--peers-dir" -> peersDir = Path.of(v);
            case "--env" -> {
                int eq = v.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--env wants KEY=VALUE, got " + v);
                }
                env.put(v.substring(0, eq), v.substring(eq + 1));
            }
            case "--target" -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).forEach(targets::add);
            case "--pid" -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(Long::parseLong).forEach(pids::add);
            case "--email" -> email = v;
            case "--password" -> password = v;
            case "--http2" -> http2 = positive(name, v);
            case "--connect-batch" -> connectBatch = positive(name, v);
            case "--http" -> {
                if (!v.equals("1.0") && !v.equals("1.1")) {
                    throw new IllegalArgumentException("--http must be 1.0 or 1.1");
                }
                http = v;
            }
            case "--open-timeout" -> openTimeoutSeconds = positive(name, v);
            case "--timeout" -> timeoutSeconds = positive(name, v);
            case "--out" -> out = Path.of(v);
            case "--step" -> {
                step = Double.parseDouble(v);
                if (!(step > 1)) {
                    throw new IllegalArgumentException("--step must be > 1");
                }
            }
            case "--round-seconds" -> roundSeconds = positive(name, v);
            case "--max-rounds" -> maxRounds = positive(name, v);
            case "--p99-limit" -> p99LimitMs = positive(name, v);
            case "--reconnect-batch" -> reconnectBatch = positive(name, v);
            case "--per-client" -> perClient = positive(name, v);
            case "--hold" -> holdSeconds = positive(name, v);
            case "--rest" -> restRequests = positive(name, v);
            default -> throw new IllegalArgumentException("unknown option " + name);
        }
    }

    private void validate() {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode must be one of " + String.join(", ", MODES));
        }
        applyModeDefaults();
        if (!targets.isEmpty() && nodes != 1) {
            throw new IllegalArgumentException("--nodes starts servers; with --target list the running nodes instead");
        }
        if (!pids.isEmpty() && pids.size() != targets.size()) {
            throw new IllegalArgumentException("--pid needs one process id per --target URL");
        }
        if (pad < 0) {
            throw new IllegalArgumentException("--pad must not be negative");
        }
        if (mode.equals("idle") && http2 > 0) {
            throw new IllegalArgumentException("--mode idle opens HTTP/1.1 streams from child JVMs: no --http2");
        }
        if (!peers.isEmpty() && (!mode.equals("emit") || external() || nodes != 1)) {
            throw new IllegalArgumentException("--peers measures the emit mode on one node the benchmark starts");
        }
        if (mode.equals("idle") && nodes != 1) {
            throw new IllegalArgumentException("--mode idle holds streams on one node");
        }
    }

    /** Whether the run's requests are customer PATCHes (measured from their {@code customer:updated}). */
    boolean patchesCustomers() {
        return mode.equals("crud") || mode.equals("writes");
    }

    /** Fills what the command line left open with the mode's defaults. */
    private void applyModeDefaults() {
        if (jitWarmup < 0) {
            // A durable commit is a disk flush: 15,000 of them would take minutes.
            jitWarmup = mode.equals("writes") ? 3000 : 15000;
        }
        if (customers == 0) {
            // Many customers: the run is about the one event_sequence lock, not a few hot customer rows.
            customers = mode.equals("writes") ? 64 : 4;
        }
        if (streams == 0) {
            streams = switch (mode) {
                case "fanout", "storm" -> 10_000;
                case "idle" -> 19_000;
                case "writes" -> 10;
                default -> 1000;
            };
        }
        if (Double.isNaN(rate)) {
            rate = switch (mode) {
                case "fanout" -> 1;
                case "saturation" -> 10;
                default -> 20;
            };
        }
        if (events == 0) {
            events = switch (mode) {
                case "fanout" -> 10;
                case "storm" -> 20;
                default -> 100;
            };
        }
        if (warmup < 0) {
            warmup = switch (mode) {
                case "idle" -> 0;
                case "fanout", "storm" -> 5;
                case "writes" -> (int) Math.max(20, Math.round(rate * 5));
                default -> (int) Math.max(20, Math.min(20_000, Math.round(rate * 45)));
            };
        }
        if (reconnectBatch == 0) {
            reconnectBatch = streams;
        }
    }

    /** The servers' JVM flags: {@code --jvm-args}, else those of the run command's {@code .mvn/jvm.config}. */
    List<String> jvmArgs() {
        if (jvmArgs != null) {
            return jvmArgs;
        }
        try {
            return Files.isRegularFile(RUN_COMMAND_JVM_CONFIG) ? flags(Files.readString(RUN_COMMAND_JVM_CONFIG))
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the JVM flags come from, for the report. */
    String jvmArgsSource() {
        return jvmArgs != null ? "--jvm-args" : Files.isRegularFile(RUN_COMMAND_JVM_CONFIG)
                ? RUN_COMMAND_JVM_CONFIG
                + ", as `mvn -q compile exec:java` runs" : "the JVM's defaults, as `mvn -q compile exec:java` runs (no "
                + RUN_COMMAND_JVM_CONFIG + ")";
    }

    private static List<String> flags(String v) {
        return Arrays.stream(v.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static int positive(String name, String v) {
        int n = Integer.parseInt(v);
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
        return n;
    }

    /**
     * These options pointed at one running server (a peer, or our server started once for every round): its URL,
     * process id and login; the streams' protocol and {@code jitWarmup} as given.
     */
    BenchOptions against(String label, String url, long pid, List<Path> gcLogs, String email, String password,
                         boolean socketIo, int jitWarmup) {
        try {
            BenchOptions c = (BenchOptions) super.clone();
            c.targets = new ArrayList<>(List.of(url));
            c.pids = new ArrayList<>(List.of(pid));
            c.env = new LinkedHashMap<>(env);
            c.peers = List.of();
            c.email = email;
            c.password = password;
            c.socketIo = socketIo;
            // The reference servers speak HTTP/1.1 (the floor) or WebSocket (Socket.IO): HTTP/2 is ours alone.
            c.http2 = label.startsWith("ours") ? http2 : 0;
            c.jitWarmup = jitWarmup;
            c.serverLabel = label;
            c.gcLogs = gcLogs;
            return c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    boolean external() {
        return !targets.isEmpty();
    }

    int nodeCount() {
        return external() ? targets.size() : nodes;
    }
}
