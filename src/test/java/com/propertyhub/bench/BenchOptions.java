package com.propertyhub.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line of {@link Bench}: {@code --name value} pairs and a few flags; {@link #USAGE} lists them. */
final class BenchOptions {
    static final String USAGE = """
            Usage: Bench [options]   (mvn -B -q -Pbench test-compile exec:exec -Dbench.args="[options]")

            Load
              --streams N          event streams to open (default 1000)
              --rate R             mutating requests per second, open loop (default 20)
              --events M           measured mutating requests (default 100)
              --warmup W           unmeasured requests sent first, at the same rate, so the servers' JIT
                                   is warm (default: 5 seconds' worth, at least 20)
              --mode emit|crud     emit: POST /api/realtime/emit to room admins (event bench:tick);
                                   crud: PATCH /api/customers/{id} {"company":"bench-<nanoTime>"},
                                   measured from the customer:updated frames (default emit)
              --pad BYTES          size of the "pad" string in emit mode (default 256)
              --customers K        customers PATCHed round-robin in crud mode (default 4)

            Servers started by the benchmark (default: one node, embedded H2, demo data)
              --nodes N            N > 1: N nodes sharing one PostgreSQL and one Redis (test harness)
              --heap SIZE          server -Xmx (default 2g)
              --server-jvm "ARGS"  extra server JVM flags, space separated (default -XX:+UseG1GC)
              --env KEY=VALUE      extra server setting (repeatable), e.g. --env SSE_QUEUE_LIMIT=5000
              --keep               keep the servers' temp dirs and logs

            An already running server instead
              --target URL[,URL]   base URL(s), e.g. http://localhost:8080; streams and requests spread over them
              --pid PID[,PID]      the server process id(s), for CPU and memory figures (same machine;
                                   a wrapper script's pid is followed to its only JVM child)
              --email E            login (default superadmin@propertyhub.local, or the bootstrap admin)
              --password P         (default demo1234)

            Client
              --connect-batch K    stream opens in flight at once (default 200)
              --open-timeout S     seconds to wait for every stream's ready (default 120)
              --timeout S          seconds to wait for deliveries after the last request (default 30)
              --no-gc              do not force a GC (jcmd) before the memory figures
              --out DIR            where result-<timestamp>.json goes (default target/bench)
              --strict             exit code 3 when a stream failed to open, a request failed or a
                                   delivery is missing (default: a warning, exit code 0)
              --help
            """;

    int streams = 1000;
    double rate = 20;
    int events = 100;
    int warmup = -1;
    String mode = "emit";
    int pad = 256;
    int customers = 4;
    int nodes = 1;
    String heap = "2g";
    List<String> serverJvm = new ArrayList<>(List.of("-XX:+UseG1GC"));
    Map<String, String> env = new LinkedHashMap<>();
    boolean keep;
    List<String> targets = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    String email;
    String password;
    int connectBatch = 200;
    int openTimeoutSeconds = 120;
    int timeoutSeconds = 30;
    boolean gc = true;
    Path out = Path.of("target", "bench");
    boolean strict;
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
                case "--strict" -> o.strict = true;
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
            case "--heap" -> heap = v;
            case "--server-jvm" -> serverJvm = new ArrayList<>(Arrays.stream(v.trim().split("\\s+"))
                    .filter(s -> !s.isEmpty()).toList());
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
            case "--connect-batch" -> connectBatch = positive(name, v);
            case "--open-timeout" -> openTimeoutSeconds = positive(name, v);
            case "--timeout" -> timeoutSeconds = positive(name, v);
            case "--out" -> out = Path.of(v);
            default -> throw new IllegalArgumentException("unknown option " + name);
        }
    }

    private void validate() {
        if (!mode.equals("emit") && !mode.equals("crud")) {
            throw new IllegalArgumentException("--mode must be emit or crud");
        }
        if (!targets.isEmpty() && nodes != 1) {
            throw new IllegalArgumentException("--nodes starts servers; with --target list the running nodes instead");
        }
        if (!pids.isEmpty() && pids.size() != targets.size()) {
            throw new IllegalArgumentException("--pid needs one process id per --target URL");
        }
        if (pad < 0) {
            throw new IllegalArgumentException("--pad must not be negative");
        }
        if (warmup < 0) {
            warmup = (int) Math.max(20, Math.min(10_000, Math.round(rate * 5)));
        }
    }

    private static int positive(String name, String v) {
        int n = Integer.parseInt(v);
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be > 0");
        }
        return n;
    }

    boolean external() {
        return !targets.isEmpty();
    }

    int nodeCount() {
        return external() ? targets.size() : nodes;
    }
}
