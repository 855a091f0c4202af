package com.propertyhub.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result every mode writes: the sections they share ({@code config}, {@code machine}, {@code streams},
 * {@code memory}) and the table rows for them, plus the emit/crud/fanout table. Each mode adds its own section.
 */
final class Report {
    private Report() {
    }

    /** A new result with the config, machine and streams sections. */
    static Map<String, Object> result(Bench b) {
        BenchOptions o = b.o;
        int n = b.urls.size();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mode", o.mode);
        config.put("nodes", n);
        config.put("streams", o.streams);
        config.put("streamTransport", b.streamTransport());
        config.put("rate", o.rate);
        config.put("events", o.events);
        config.put("warmup", o.warmup);
        config.put("jitWarmup", o.jitWarmup);
        config.put("pad", o.patchesCustomers() ? null : o.pad);
        config.put("http", o.http);
        config.put("target", o.external() ? b.urls : "started by the benchmark");
        config.put("database", o.external() ? "running server" : n > 1 ? "PostgreSQL (shared) + Redis bus"
                : "embedded H2");
        config.put("serverJvm", o.external() ? null : b.serverJvmArgs());
        config.put("serverJvmFrom", o.external() ? null : o.jvmArgsSource());
        config.put("serverSettings", o.external() ? null : b.serverSettings);
        out.put("config", config);
        out.put("machine", b.machine);

        Map<String, Object> streams = new LinkedHashMap<>();
        streams.put("requested", o.streams);
        streams.put("ready", b.streamsReady);
        streams.put("failedToOpen", o.streams - b.streamsReady);
        streams.put("openFailures", b.openFailures);
        streams.put("secondsToOpenAll", round3(b.secondsToOpen));
        if (b.client != null) {
            streams.put("closedDuringRun", b.client.closedAfterReady());
            streams.put("closeReasons", b.client.onLoop(() -> new LinkedHashMap<>(b.client.closes())));
        }
        out.put("streams", streams);
        return out;
    }

    /** Server memory before any stream and with {@code streams} open (after a forced GC unless --no-gc). */
    static Map<String, Object> memory(Bench b, int streams) {
        Map<String, Object> mem = new LinkedHashMap<>();
        if (b.pids.isEmpty() || b.memBefore == null || b.memWith == null) {
            return mem;
        }
        List<Bench.Mem> before = b.memBefore;
        List<Bench.Mem> with = b.memWith;
        long rssBefore = before.stream().mapToLong(Bench.Mem::rssKb).sum();
        long rssWith = with.stream().mapToLong(Bench.Mem::rssKb).sum();
        long heapBefore = before.stream().mapToLong(Bench.Mem::heapKb).sum();
        long heapWith = with.stream().mapToLong(Bench.Mem::heapKb).sum();
        boolean heapKnown = before.stream().allMatch(m -> m.heapKb() >= 0) && with.stream()
                .allMatch(m -> m.heapKb() >= 0);
        mem.put("gcBeforeReading", b.o.gc);
        mem.put("rssKbBeforeStreams", rssBefore);
        mem.put("rssKbWithStreams", rssWith);
        mem.put("rssKbPerStream", round3((rssWith - rssBefore) / (double) streams));
        mem.put("heapKbBeforeStreams", heapKnown ? heapBefore : null);
        mem.put("heapKbWithStreams", heapKnown ? heapWith : null);
        mem.put("heapKbPerStream", heapKnown ? round3((heapWith - heapBefore) / (double) streams) : null);
        List<Map<String, Object>> perNode = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", b.pids.get(i));
            m.put("rssKbBeforeStreams", before.get(i).rssKb());
            m.put("rssKbWithStreams", with.get(i).rssKb());
            m.put("heapKbBeforeStreams", before.get(i).heapKb());
            m.put("heapKbWithStreams", with.get(i).heapKb());
            perNode.add(m);
        }
        mem.put("perNode", perNode);
        return mem;
    }

    // ---- table rows ------------------------------------------------------------------------------------------

    /** Mode, nodes, server settings, streams opened and the time it took. */
    @SuppressWarnings("unchecked")
    static List<String[]> head(Bench b, Map<String, Object> out, String modeDescription) {
        Map<String, Object> cfg = (Map<String, Object>) out.get("config");
        Map<String, Object> st = (Map<String, Object>) out.get("streams");
        List<String[]> rows = new ArrayList<>();
        rows.add(row("mode", cfg.get("mode") + " (" + modeDescription + ")"));
        rows.add(row("nodes", cfg.get("nodes") + "  (" + cfg.get("database") + ")"));
        if (!b.serverSettings.isEmpty()) {
            rows.add(row("server settings set by the benchmark", b.serverSettings.toString()));
        }
        if (cfg.get("serverJvm") != null) {
            rows.add(row("server JVM flags",
                    (b.serverJvmArgs().isEmpty() ? "(none)" : String.join(" ", b.serverJvmArgs()))
                    + "  from " + cfg.get("serverJvmFrom")));
        } else if (b.o.serverLabel != null) {
            rows.add(row("server", b.o.serverLabel));
        }
        int failed = ((Number) st.get("failedToOpen")).intValue();
        rows.add(row("streams open / requested", st.get("ready") + " / " + st.get("requested")
                + (failed > 0 ? "  FAILED: " + st.get("openFailures") : "")));
        rows.add(row("stream transport", String.valueOf(cfg.get("streamTransport"))));
        rows.add(row("time to open all streams", st.get("secondsToOpenAll") + " s"));
        return rows;
    }

    /** The servers' busiest threads, the machine load during the window and the client's wake-up delay. */
    static void machineLoad(List<String[]> rows, Map<String, Object> cpu, Map<String, Object> machine) {
        if (cpu.get("serverBusiestThreads") != null) {
            rows.add(row("server CPU by thread, s", String.valueOf(cpu.get("serverBusiestThreads"))));
        }
        if (cpu.containsKey("machineBusyCoresDuringRun")) {
            rows.add(row("whole machine busy during run", cpu.get("machineBusyCoresDuringRun") + " of "
                    + machine.get("cpus") + " cores (all processes)"));
        }
        if (cpu.containsKey("clientSchedulingDelay")) {
            rows.add(row("client wake-up delay ms p50/p90/p99/max", line(asMap(cpu.get("clientSchedulingDelay")))));
        }
    }

    /** Memory rows (if known) and the machine row. */
    static void tail(List<String[]> rows, Bench b, Map<String, Object> out) {
        Map<String, Object> mem = asMap(out.get("memory"));
        Map<String, Object> mc = asMap(out.get("machine"));
        if (!b.gcLogs.isEmpty()) {
            GcLog.Pauses p = GcLog.pauses(b.gcLogs);
            if (mem == null) {
                mem = new LinkedHashMap<>();
                out.put("memory", mem);
            }
            mem.put("gcPausesSinceStart", p.count());
            mem.put("longestGcPauseMs", p.maxMs());
            mem.put("longestGcPause", p.longest());
            mem.put("gcPauseMsTotal", p.totalMs());
            rows.add(row("GC pauses since the server started", p.count() + ", " + Stats.f(p.totalMs())
                    + " ms in all; longest "
                    + Stats.f(p.maxMs()) + " ms (" + p.longest() + "); the benchmark's forced GCs left out"));
        }
        if (mem != null && !mem.isEmpty()) {
            rows.add(row("server RSS before / with streams", kbToMb(mem.get("rssKbBeforeStreams")) + " / "
                    + kbToMb(mem.get("rssKbWithStreams")) + " MB" + (b.o.gc ? " (after a forced GC)" : "")));
            rows.add(row("RSS per open stream", mem.get("rssKbPerStream") + " KB"));
            if (mem.get("heapKbPerStream") != null) {
                rows.add(row("heap used before / with streams", kbToMb(mem.get("heapKbBeforeStreams")) + " / "
                        + kbToMb(mem.get("heapKbWithStreams")) + " MB"));
                rows.add(row("heap per open stream", mem.get("heapKbPerStream") + " KB"));
            }
        }
        rows.add(row("machine", mc.get("cpus") + " CPUs " + mc.get("cpuModel") + ", " + mc.get("memoryMb")
                + " MB, load " + mc.get("loadAverage") + " -> " + Bench.loadAverage()));
    }

    /** The emit, crud and fanout table. */
    static List<String[]> measuredRows(Bench b, Map<String, Object> out) {
        BenchOptions o = b.o;
        Map<String, Object> st = asMap(out.get("streams"));
        Map<String, Object> rq = asMap(out.get("requests"));
        Map<String, Object> d = asMap(out.get("deliveries"));
        Map<String, Object> tp = asMap(out.get("throughput"));
        Map<String, Object> cpu = asMap(out.get("cpu"));
        String description = o.patchesCustomers() ? "PATCH /api/customers/{id}"
                : "POST /api/realtime/emit, pad " + o.pad + " B"
                + (o.mode.equals("fanout") ? ", one event at a time" : "");
        List<String[]> rows = head(b, out, description);
        rows.add(row("rate (target / achieved)", o.rate + " / " + rq.get("achievedRate") + " requests/s"));
        int errors = ((Number) rq.get("errors")).intValue();
        rows.add(row("requests (measured, errors)", rq.get("sent") + ", " + rq.get("errors")
                + (errors > 0 ? "  " + rq.get("errorKinds") : "")));
        rows.add(row("request response ms p50/p90/p99/max", line(asMap(rq.get("responseLatency")))));
        rows.add(row("deliveries expected / received", d.get("expected") + " / " + d.get("received")));
        rows.add(row("deliveries missed / duplicated", d.get("missed") + " / " + d.get("duplicates")
                + ("0".equals(String.valueOf(d.get("missed"))) ? "" : "  (" + d.get("streamsMissingEvents")
                + " streams incomplete)")));
        int closed = ((Number) st.get("closedDuringRun")).intValue();
        rows.add(row("streams closed during the run", closed + (closed > 0 ? "  " + st.get("closeReasons") : "")));
        rows.add(row("latency ms p50/p90/p99/max", line(asMap(d.get("latency")))));
        rows.add(row("  first stream per event ms p50/p90/p99/max", line(asMap(d.get("firstDeliveryLatency")))));
        rows.add(row("  fan-out first->last stream ms p50/p90/p99/max", line(asMap(d.get("fanOutSpread")))));
        if (d.containsKey("untilEveryStreamPerEvent")) {
            rows.add(row("  every stream had it, per event ms p50/p90/p99/max",
                    line(asMap(d.get("untilEveryStreamPerEvent")))));
        }
        Map<String, Object> trend = asMap(d.get("lastStreamLatencyTrend"));
        rows.add(row("  all streams had it, ms: first/last 10% of events", trend.get("firstTenthMedianMs") + " -> "
                + trend.get("lastTenthMedianMs") + "  (growing = backlog)"));
        if (d.containsKey("latencySameNode")) {
            rows.add(row("  same node ms p50/p90/p99/max", line(asMap(d.get("latencySameNode")))));
            rows.add(row("  cross node (Redis) ms p50/p90/p99/max", line(asMap(d.get("latencyCrossNode")))));
        }
        rows.add(row("deliveries per second", String.valueOf(tp.get("deliveriesPerSecond"))));
        if (cpu.containsKey("serverCpuSeconds")) {
            rows.add(row("server CPU during run", cpu.get("serverCpuSeconds") + " s  ("
                    + cpu.get("serverCpuCoresDuringRun")
                    + " cores over " + tp.get("windowSeconds") + " s" + (b.urls.size() > 1 ? ", per node "
                    + cpu.get("serverCpuSecondsPerNode") : "") + ")"));
            rows.add(row("server CPU per delivery", cpu.get("microsPerDelivery") + " µs  ("
                    + cpu.get("millisPerRequest")
                    + " ms per request incl. its fan-out)"));
            if (cpu.get("microsPerDeliveryWithoutJit") != null) {
                rows.add(row("  without the JIT compiler threads", cpu.get("microsPerDeliveryWithoutJit") + " µs  ("
                        + cpu.get("serverJitCompilerCpuSeconds") + " s of JIT compiling in the window)"));
            }
            rows.add(row("server CPU idle with streams open", cpu.get("idleCpuCoresWithStreams") + " cores"));
        } else {
            rows.add(row("server CPU", "n/a (no local process id; use --pid)"));
        }
        if (cpu.containsKey("postgresAndRedisCpuSeconds")) {
            rows.add(row("PostgreSQL + Redis CPU during run", cpu.get("postgresAndRedisCpuSeconds") + " s  ("
                    + cpu.get("postgresAndRedisMicrosPerDelivery") + " µs per delivery)"));
        }
        rows.add(row("client CPU during run", cpu.get("clientCpuSeconds") + " s"));
        machineLoad(rows, cpu, asMap(out.get("machine")));
        tail(rows, b, out);
        return rows;
    }

    static void print(List<String[]> rows) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        System.out.println();
        System.out.println("PropertyHub realtime benchmark");
        System.out.println("-".repeat(width + 40));
        for (String[] r : rows) {
            System.out.printf("%-" + width + "s  %s%n", r[0], r[1]);
        }
    }

    // ---- formatting ------------------------------------------------------------------------------------------

    static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    /** "p50 / p90 / p99 / max" of a {@link Stats.Summary#toMap()}. */
    static String line(Map<String, Object> s) {
        if (s == null || ((Number) s.get("count")).intValue() == 0) {
            return "-";
        }
        return s.get("p50Ms") + " / " + s.get("p90Ms") + " / " + s.get("p99Ms") + " / " + s.get("maxMs");
    }

    static String kbToMb(Object kb) {
        return kb == null ? "?" : String.format("%.1f", ((Number) kb).longValue() / 1024.0);
    }

    static Double round3(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000.0) / 1000.0;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
