package com.propertyhub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code --mode idle}: holds N idle streams on one node from several client processes ({@link IdleClient}, at
 * most {@code --per-client} streams each, each on its own loopback source address 127.0.0.2, .3, ...), since one
 * process may hold only as many sockets as its open-file limit and one source address has only so many local
 * ports. Reports the time to open them all, heap and RSS per stream, the server's CPU while it holds them, and
 * REST latency with and without them.
 */
final class IdleRun {
    private static final List<String> CLIENT_JVM = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Bench bench;
    private final BenchOptions o;
    private final List<Child> children = new ArrayList<>();

    IdleRun(Bench bench) {
        this.bench = bench;
        this.o = bench.o;
    }

    int run(String token) throws Exception {
        String url = bench.urls.get(0);
        Map<String, Object> restBefore = rest(url, token);
        try {
            startChildren(url, token);
            Bench.log("opening " + o.streams + " streams from " + children.size() + " client processes");
            for (Child c : children) {
                c.send("go");
            }
            long openMs = 0;
            Map<String, Integer> failures = new LinkedHashMap<>();
            int ready = 0;
            for (Child c : children) {
                String[] opened = c.await("opened", o.openTimeoutSeconds + 60L).split(" ");
                ready += Integer.parseInt(opened[1]);
                openMs = Math.max(openMs, Long.parseLong(opened[3]));
                c.failures.forEach((reason, n) -> failures.merge(reason, n, Integer::sum));
                bench.checkServersAlive();
            }
            bench.streamsReady = ready;
            bench.secondsToOpen = openMs / 1000.0;
            bench.openFailures = failures;
            Bench.log(ready + " streams ready in " + bench.secondsToOpen + " s"
                    + (failures.isEmpty() ? "" : ", failed: " + failures));
            if (ready == 0) {
                throw new IllegalStateException("no stream opened: " + failures);
            }
            long serverCount = bench.serverStreams(token);
            Poll.window(Duration.ofSeconds(1));
            bench.memWith = bench.memory();
            Map<String, Object> restWith = rest(url, token);

            Bench.log("holding " + ready + " streams for " + o.holdSeconds + " s");
            long[] before = status();
            CpuWindow cpu = CpuWindow.start(bench);
            Poll.window(Duration.ofSeconds(o.holdSeconds));
            Map<String, Object> cpuOut = cpu.end(0);
            long[] after = status();
            int closed = (int) after[0];
            long frames = after[1] - before[1];
            long pings = after[2] - before[2];

            Map<String, Object> out = Report.result(bench);
            Report.asMap(out.get("streams")).put("closedDuringRun", closed);
            Map<String, Object> idle = new LinkedHashMap<>();
            idle.put("clientProcesses", children.size());
            idle.put("streamsPerClient", o.perClient);
            idle.put("sourceAddresses", children.stream().map(c -> c.source).toList());
            idle.put("serverStreamsCounted", serverCount);
            idle.put("holdSeconds", o.holdSeconds);
            idle.put("closedWhileHeld", closed);
            idle.put("eventsWhileHeld", frames);
            idle.put("pingsWhileHeld", pings);
            idle.put("serverCpuCoresWhileHeld", cpuOut.get("serverCpuCoresDuringRun"));
            idle.put("restWithoutStreams", restBefore);
            idle.put("restWithStreams", restWith);
            out.put("idle", idle);
            out.put("cpu", cpuOut);
            out.put("memory", Report.memory(bench, ready));
            boolean ok = ready == o.streams && closed == 0;
            return bench.finish(out, rows(out, idle, ready), ok, "not every stream opened, or one closed while held");
        } finally {
            stopChildren();
        }
    }

    /** Streams closed after ready, events and comments (pings) received so far, over all client processes. */
    private long[] status() throws IOException, InterruptedException {
        long[] sum = new long[3];
        for (Child c : children) {
            c.send("status");
            String[] status = c.await("status", 30).split(" ");
            for (int i = 0; i < sum.length; i++) {
                sum[i] += Long.parseLong(status[2 + i]);
            }
        }
        return sum;
    }

    private List<String[]> rows(Map<String, Object> out, Map<String, Object> idle, int ready) {
        List<String[]> rows = Report.head(bench, out, ready + " idle streams from " + children.size()
                + " client processes, " + o.perClient + " streams each, source addresses " + children.get(0).source
                + (children.size() > 1 ? " .. " + children.get(children.size() - 1).source : ""));
        rows.add(Report.row("streams the server counts", String.valueOf(idle.get("serverStreamsCounted"))));
        rows.add(Report.row("streams closed while held", idle.get("closedWhileHeld") + "  (received meanwhile: "
                + idle.get("pingsWhileHeld") + " pings, " + idle.get("eventsWhileHeld") + " events)"));
        rows.add(Report.row("server CPU while held", idle.get("serverCpuCoresWhileHeld") + " cores over "
                + o.holdSeconds + " s"));
        Map<String, Object> before = Report.asMap(idle.get("restWithoutStreams"));
        Map<String, Object> with = Report.asMap(idle.get("restWithStreams"));
        for (String endpoint : before.keySet()) {
            rows.add(Report.row(endpoint + " ms p50/p90/p99/max", "without streams "
                    + Report.line(Report.asMap(before.get(endpoint)))
                    + "  with " + Report.line(Report.asMap(with.get(endpoint)))));
        }
        Report.machineLoad(rows, Report.asMap(out.get("cpu")), Report.asMap(out.get("machine")));
        Report.tail(rows, bench, out);
        return rows;
    }

    /** {@code --rest} sequential GETs of each endpoint: their latency. */
    private Map<String, Object> rest(String url, String token) throws IOException, InterruptedException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String path : List.of("/health/ready", "/api/customers")) {
            Stats s = new Stats();
            for (int i = 0; i < o.restRequests; i++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token).GET().build();
                long t0 = System.nanoTime();
                HttpResponse<Void> r = bench.http.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
                }
                s.add(System.nanoTime() - t0);
            }
            out.put("GET " + path, s.summary().toMap());
        }
        return out;
    }

    private void startChildren(String url, String token) throws IOException, InterruptedException {
        int count = (o.streams + o.perClient - 1) / o.perClient;
        if (count > 250) {
            throw new IllegalStateException("--streams / --per-client needs " + count
                    + " source addresses; at most 250");
        }
        int left = o.streams;
        for (int i = 0; i < count; i++) {
            int n = Math.min(o.perClient, left);
            left -= n;
            String source = "127.0.0." + (2 + i);
            List<String> command = ServerProcess.javaCommand(CLIENT_JVM, IdleClient.class.getName(), List.of(url,
                    String.valueOf(n), source, String.valueOf(o.connectBatch), String.valueOf(o.openTimeoutSeconds)));
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("BENCH_TOKEN", token);
            children.add(new Child(pb.start(), source));
        }
        for (Child c : children) {
            c.await("up", 120);
        }
    }

    private void stopChildren() {
        for (Child c : children) {
            try {
                c.send("stop");
            } catch (IOException ignored) {
                // gone already
            }
        }
        for (Child c : children) {
            try {
                if (!c.process.waitFor(15, TimeUnit.SECONDS)) {
                    c.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                c.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One client process and the lines it prints. */
    private static final class Child {
        final Process process;
        final String source;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Map<String, Integer> failures = new LinkedHashMap<>();
        private final OutputStream stdin;

        Child(Process process, String source) {
            this.process = process;
            this.source = source;
            this.stdin = process.getOutputStream();
            Thread reader = new Thread(this::read, "idle-client-" + source);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("failure ")) {
                        String[] f = line.split(" ", 3);
                        synchronized (failures) {
                            failures.merge(f.length > 2 ? f[2] : "?", Integer.parseInt(f[1]), Integer::sum);
                        }
                    } else {
                        lines.add(line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                lines.add("error " + e);
            }
            lines.add("exited");
        }

        void send(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /** The next line starting with {@code word}; fails on anything else or after {@code seconds}. */
        String await(String word, long seconds) throws InterruptedException {
            String line = lines.poll(seconds, TimeUnit.SECONDS);
            if (line == null || !line.startsWith(word)) {
                throw new IllegalStateException("client process " + source + " said " + (line == null
                        ? "nothing within " + seconds + " s" : "'" + line + "'") + " instead of " + word);
            }
            return line;
        }
    }
}
