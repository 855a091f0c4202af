package com.propertyhub.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --mode saturation}: emits to the open streams in rounds of {@code --round-seconds}, the rate starting
 * at {@code --rate} and multiplied by {@code --step} each round, until a round's latency p99 passes
 * {@code --p99-limit} (twice in a row at one rate), a delivery goes missing or a request fails. The last round
 * that passed gives the capacity: its deliveries per second.
 */
final class SaturationRun {
    private final Bench bench;
    private final BenchOptions o;

    SaturationRun(Bench bench) {
        this.bench = bench;
        this.o = bench.o;
    }

    int run(String token) throws Exception {
        bench.warmUp(token, o.rate);
        RisingRate.Result climbed = RisingRate.climb(o, "emits/s", (round, rate) -> round(round, rate, token),
                this::failure, r -> String.format("%s deliveries/s, p50 %s ms, p99 %s ms, %s µs CPU per delivery",
                        r.get("deliveriesPerSecond"), r.get("p50Ms"), r.get("p99Ms"),
                        r.get("serverMicrosPerDelivery")));
        List<Map<String, Object>> rounds = climbed.rounds();
        Map<String, Object> lastGood = climbed.lastGood();
        String stoppedBecause = climbed.stoppedBecause();

        Map<String, Object> out = Report.result(bench);
        Map<String, Object> sat = new LinkedHashMap<>();
        climbed.putInto(sat, o);
        sat.put("lastGoodRate", lastGood == null ? null : lastGood.get("rate"));
        sat.put("lastGoodDeliveriesPerSecond", lastGood == null ? null : lastGood.get("deliveriesPerSecond"));
        out.put("saturation", sat);
        out.put("memory", Report.memory(bench, bench.streamsReady));

        List<String[]> rows = Report.head(bench, out, "emit rounds, rate x" + o.step + " every " + o.roundSeconds
                + " s until p99 > " + o.p99LimitMs + " ms");
        rows.add(Report.row("round: emits/s -> deliveries/s", "p50 / p99 ms, server µs CPU per delivery, server "
                + "cores, client cores (all streams are read by one thread), machine busy"));
        for (Map<String, Object> r : rounds) {
            rows.add(Report.row(String.format("  %2d: %8.1f -> %s", (int) r.get("round"), (double) r.get("rate"),
                    r.get("deliveriesPerSecond")), r.get("p50Ms") + " / " + r.get("p99Ms") + ", "
                    + r.get("serverMicrosPerDelivery") + " µs, " + r.get("serverCores") + " server, "
                    + r.get("clientCores") + " client, " + r.get("machineBusyCores") + " busy"
                    + (failure(r) == null ? "" : "  <- " + failure(r))));
        }
        rows.add(Report.row("stopped because", stoppedBecause));
        rows.add(Report.row("last good round", lastGood == null ? "none (the first round failed: lower --rate)"
                : lastGood.get("rate") + " emits/s = " + lastGood.get("deliveriesPerSecond") + " deliveries/s"));
        Report.tail(rows, bench, out);
        boolean ok = bench.streamsReady == o.streams && bench.requestErrors.get() == 0
                && rounds.stream().allMatch(r -> ((Number) r.get("duplicates")).longValue() == 0
                        && ((Number) r.get("missed")).longValue() == 0);
        return bench.finish(out, rows, ok, "not every stream opened, a request failed, or a delivery was missing "
                + "or duplicated");
    }

    /** One round at {@code rate}: its figures. */
    private Map<String, Object> round(int round, double rate, String token) throws InterruptedException {
        int events = Math.max(2, (int) Math.round(rate * o.roundSeconds));
        // Every stream that opened, including those the server cut in an earlier round: a rate at which streams are
        // cut is not one the server keeps up with.
        int streams = bench.streamsReady;
        long expected = (long) events * streams;
        int errorsBefore = bench.requestErrors.get();
        Measurement m = new Measurement(events, o.streams, bench.urls.size() > 1);
        CpuWindow cpu = CpuWindow.start(bench);
        long[] window = bench.measure(m, rate, expected, token);
        Map<String, Object> cpuOut = cpu.end(m.received());
        bench.measuring(null);
        bench.awaitRequests(java.time.Duration.ofSeconds(10));
        Stats.Summary latency = bench.client.onLoop(m::latency);
        long duplicates = bench.client.onLoop(m::duplicates);
        double seconds = (m.lastDeliveryNanos() - window[0]) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("round", round);
        r.put("rate", Report.round3(rate));
        r.put("events", events);
        r.put("streams", streams);
        r.put("expected", expected);
        r.put("received", m.received());
        r.put("missed", expected - m.received());
        r.put("duplicates", duplicates);
        r.put("requestErrors", bench.requestErrors.get() - errorsBefore);
        r.put("deliveriesPerSecond", seconds > 0 ? Math.round(m.received() / seconds) : null);
        r.put("p50Ms", Stats.round(latency.p50()));
        r.put("p90Ms", Stats.round(latency.p90()));
        r.put("p99Ms", Stats.round(latency.p99()));
        r.put("maxMs", Stats.round(latency.max()));
        r.put("serverMicrosPerDelivery", cpuOut.get("microsPerDelivery"));
        r.put("serverCores", cpuOut.get("serverCpuCoresDuringRun"));
        Object clientCpu = cpuOut.get("clientCpuSeconds");
        r.put("clientCores", clientCpu == null ? null
                : Report.round3((double) clientCpu / (double) cpuOut.get("windowSeconds")));
        r.put("machineBusyCores", cpuOut.get("machineBusyCoresDuringRun"));
        r.put("cpu", cpuOut);
        return r;
    }

    /** Why a round ends the run; null when it passed. */
    private String failure(Map<String, Object> r) {
        if (((Number) r.get("missed")).longValue() > 0) {
            return r.get("missed") + " deliveries missing";
        }
        if (((Number) r.get("requestErrors")).intValue() > 0) {
            return r.get("requestErrors") + " requests failed";
        }
        Object p99 = r.get("p99Ms");
        if (p99 == null || ((Number) p99).doubleValue() > o.p99LimitMs) {
            return "p99 " + p99 + " ms > " + o.p99LimitMs + " ms";
        }
        return null;
    }
}
