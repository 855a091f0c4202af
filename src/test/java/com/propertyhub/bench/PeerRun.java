package com.propertyhub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --peers}: our server and the reference servers started once each, then measured in turn with the same
 * workload, {@code --rounds} times (A B C A B C: a neighbour's burst on the shared machine falls on one
 * measurement, not on one server), each measurement a whole emit run of its own (streams opened, warm-up, the
 * measured emits, streams closed). Prints ours / floor and ours / Socket.IO for server CPU per delivery and p99,
 * per round, with their median and spread.
 */
final class PeerRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Bench host;

    PeerRun(Bench host) {
        this.host = host;
    }

    int run() throws Exception {
        BenchOptions o = host.o;
        Path peers = PeerServers.directory(o);
        List<PeerServers.Server> servers = new ArrayList<>();
        host.startServers();
        servers.add(new PeerServers.Server("ours", "ours (" + (host.serverJvmArgs().isEmpty() ? "no JVM flags"
                : String.join(" ", host.serverJvmArgs())) + " from "
                + o.jvmArgsSource() + ")", host.urls.get(0), host.pids.get(0), Bench.DEMO_EMAIL, Bench.DEMO_PASSWORD,
                false, true));
        for (String peer : o.peers) {
            servers.add(peer.equals("floor") ? PeerServers.floor(host, peers) : PeerServers.socketIo(host, peers));
        }
        Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
        servers.forEach(s -> results.put(s.name(), new ArrayList<>()));
        boolean ok = true;
        for (int round = 0; round < o.rounds; round++) {
            for (PeerServers.Server s : servers) {
                Bench.log("=== round " + (round + 1) + " of " + o.rounds + ": " + s.label() + " ===");
                BenchOptions one = o.against(s.label(), s.url(), s.pid(),
                        s.name().equals("ours") ? host.gcLogs : List.of(), s.email(), s.password(), s.socketIo(),
                        round == 0 ? o.jitWarmup : 0);
                // Later rounds find every server warm: a shorter warm-up at the run's rate.
                one.warmup = round == 0 ? o.warmup : (int) Math.max(20, Math.round(o.rate * 10));
                one.gc = o.gc && s.jvm();
                Bench b = Bench.measureRunning(one);
                Map<String, Object> r = b.lastResult;
                if (r == null) {
                    throw new IllegalStateException(s.name() + ": no result");
                }
                Map<String, Object> d = Report.asMap(r.get("deliveries"));
                ok &= ((Number) d.get("missed")).longValue() == 0 && b.requestErrors.get() == 0;
                results.get(s.name()).add(r);
            }
        }
        List<String[]> rows = new ArrayList<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("workload", o.streams + " streams × " + o.rate + " emits/s, " + o.events + " measured emits, "
                + o.rounds + " rounds; ours: " + host.streamTransport() + (o.http2 > 0 ? ", the floor: HTTP/1.1" : "")
                + ", Socket.IO: WebSocket");
        rows.add(Report.row("side by side", (String) summary.get("workload")));
        Map<String, Object> perServer = new LinkedHashMap<>();
        for (PeerServers.Server s : servers) {
            double[] cpu = figures(results.get(s.name()), "cpu", "microsPerDelivery");
            double[] p50 = figures(results.get(s.name()), "latency", "p50Ms");
            double[] p99 = figures(results.get(s.name()), "latency", "p99Ms");
            double[] max = figures(results.get(s.name()), "latency", "maxMs");
            double[] gc = figures(results.get(s.name()), "memory", "longestGcPauseMs");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", s.label());
            m.put("microsPerDelivery", cpu);
            m.put("p50Ms", p50);
            m.put("p99Ms", p99);
            m.put("maxMs", max);
            perServer.put(s.name(), m);
            rows.add(Report.row(s.name() + ": CPU µs per delivery, per round", list(cpu)));
            rows.add(Report.row(s.name() + ": p50 / p99 / max ms, per round", triples(p50, p99, max)));
            if (s.name().equals("ours")) {
                m.put("longestGcPauseMsSinceStart", gc);
                rows.add(Report.row("ours: longest GC pause since start, ms, per round", list(gc)));
            }
        }
        summary.put("servers", perServer);
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (PeerServers.Server s : servers.subList(1, servers.size())) {
            String peer = s.name().equals("floor") ? "floor" : "Socket.IO";
            double[] cpu = ratios(figures(results.get("ours"), "cpu", "microsPerDelivery"),
                    figures(results.get(s.name()), "cpu", "microsPerDelivery"));
            double[] p99 = ratios(figures(results.get("ours"), "latency", "p99Ms"),
                    figures(results.get(s.name()), "latency", "p99Ms"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cpuPerDelivery", cpu);
            m.put("p99", p99);
            ratios.put("ours/" + s.name(), m);
            rows.add(Report.row("ours / " + peer + ": CPU per delivery", spread(cpu)));
            rows.add(Report.row("ours / " + peer + ": p99", spread(p99)));
        }
        summary.put("ratios", ratios);
        System.out.println();
        Report.print(rows);
        Files.createDirectories(o.out);
        Path file = o.out.resolve("peers-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".json");
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("summary", summary);
        all.put("runs", results);
        JSON.writeValue(file.toFile(), all);
        System.out.println("\nJSON: " + file.toAbsolutePath());
        if (!ok) {
            System.out.println("\nFAILED: a delivery was missing or a request failed in some run; see above.");
        }
        return ok ? 0 : 3;
    }

    /** One figure of each run: {@code cpu.<key>} or {@code deliveries.latency.<key>}. */
    private static double[] figures(List<Map<String, Object>> runs, String section, String key) {
        return runs.stream().mapToDouble(r -> {
            Map<String, Object> m = section.equals("latency")
                    ? Report.asMap(Report.asMap(r.get("deliveries")).get("latency")) : Report.asMap(r.get(section));
            Object v = m.get(key);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        }).toArray();
    }

    /** Round by round: ours in round i over the peer in round i. */
    private static double[] ratios(double[] ours, double[] peer) {
        double[] r = new double[Math.min(ours.length, peer.length)];
        for (int i = 0; i < r.length; i++) {
            r[i] = ours[i] / peer[i];
        }
        return r;
    }

    /** "1.42× (1.35–1.50; per round 1.35, 1.50)": the median, the range, each round. */
    static String spread(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return String.format("%.2f× (%.2f–%.2f; per round %s)", median, sorted[0], sorted[n - 1],
                String.join(", ", Arrays.stream(v).mapToObj(x -> String.format("%.2f", x)).toList()));
    }

    private static String list(double[] v) {
        return String.join(", ", Arrays.stream(v).mapToObj(x -> String.format("%.2f", x)).toList());
    }

    private static String triples(double[] a, double[] b, double[] c) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            parts.add(String.format("%.1f / %.1f / %.1f", a[i], b[i], c[i]));
        }
        return String.join(";  ", parts);
    }
}
