package com.propertyhub.bench;

import com.propertyhub.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --mode writes}: the write ceiling. Customer PATCHes (each a transaction with its {@code customer:updated}
 * and {@code account:updated} appended to the event log) at a rate that rises by {@code --step} every
 * {@code --round-seconds}, spread over the nodes, against PostgreSQL with {@code fsync=on} and
 * {@code synchronous_commit=on}, until the answers' p99 passes {@code --p99-limit} (twice in a row at one rate), a
 * request fails or a delivery goes missing. Every event-producing write in the cluster takes the one
 * {@code event_sequence} row lock until it commits, so this is the cluster's ceiling, whatever the node count.
 * Per round: answer p50/p99, the time the backends spent waiting for row locks and for the WAL flush (sampled
 * from {@code pg_stat_activity}, {@link PgWaitSampler}), and the CPU per write of the nodes and of PostgreSQL.
 */
final class WritesRun {
    private final Bench bench;
    private final BenchOptions o;

    WritesRun(Bench bench) {
        this.bench = bench;
        this.o = bench.o;
    }

    /**
     * Turns durability on in the throwaway test PostgreSQL (started with {@code fsync=off} for the tests' speed), as
     * in production, and checks that it took.
     */
    static void makeDurable(PostgresServer pg) throws SQLException, InterruptedException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("alter system set fsync = on");
            s.execute("alter system set synchronous_commit = on");
            s.execute("alter system set full_page_writes = on");
            s.execute("select pg_reload_conf()");
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                String value = show(s, setting);
                if (!value.equals("on")) {
                    throw new IllegalStateException("PostgreSQL " + setting + " is " + value + ", not on");
                }
            }
        }
    }

    private static String show(Statement s, String setting) throws InterruptedException {
        // pg_reload_conf() signals the postmaster; a new session sees the reloaded value at once, this one soon.
        String[] value = new String[1];
        Poll.until(() -> "on".equals(value[0] = current(s, setting)), System.nanoTime()
                + Duration.ofSeconds(10).toNanos(), 100);
        return value[0];
    }

    private static String current(Statement s, String setting) {
        try (ResultSet rs = s.executeQuery("select current_setting('" + setting + "')")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: cannot read " + setting, e);
        }
    }

    int run(String token) throws Exception {
        bench.warmUp(token, o.rate);
        RisingRate.Result climbed;
        try (PgWaitSampler waits = PgWaitSampler.start(bench.databaseUrl, bench.databaseUser, bench.databasePassword)) {
            climbed = RisingRate.climb(o, "writes/s", (round, rate) -> round(round, rate, token, waits), this::failure,
                    r -> String.format("answers p50 %s ms, p99 %s ms; lock wait %s ms, WAL flush %s ms, node CPU %s ms,"
                                    + " PostgreSQL CPU %s ms per write", r.get("answerP50Ms"), r.get("answerP99Ms"),
                            r.get("lockWaitMsPerWrite"), r.get("walFlushMsPerWrite"), r.get("nodeCpuMsPerWrite"),
                            r.get("servicesCpuMsPerWrite")));
        }
        List<Map<String, Object>> rounds = climbed.rounds();
        Map<String, Object> lastGood = climbed.lastGood();
        String stoppedBecause = climbed.stoppedBecause();

        Map<String, Object> out = Report.result(bench);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("nodes", bench.urls.size());
        w.put("postgres", "fsync=on, synchronous_commit=on, full_page_writes=on");
        w.put("customers", o.customers);
        climbed.putInto(w, o);
        w.put("ceilingWritesPerSecond", lastGood == null ? null : lastGood.get("achievedRate"));
        w.put("ceilingRound", lastGood);
        out.put("writes", w);
        out.put("memory", Report.memory(bench, bench.streamsReady));

        List<String[]> rows = Report.head(bench, out, "PATCH /api/customers/{id} on " + o.customers
                + " customers, rate x" + o.step + " every " + o.roundSeconds + " s until the answers' p99 > "
                + o.p99LimitMs + " ms; PostgreSQL fsync=on, synchronous_commit=on");
        rows.add(Report.row("round: writes/s target -> sent",
                "answer p50 / p99 ms; per write: lock wait, WAL flush, node CPU, PostgreSQL+Redis CPU (ms)"));
        for (Map<String, Object> r : rounds) {
            rows.add(Report.row(String.format("  %2d: %7.1f -> %s", (int) r.get("round"), (double) r.get("rate"),
                    r.get("achievedRate")), r.get("answerP50Ms") + " / " + r.get("answerP99Ms") + "; "
                    + r.get("lockWaitMsPerWrite") + ", " + r.get("walFlushMsPerWrite") + ", "
                    + r.get("nodeCpuMsPerWrite") + ", " + r.get("servicesCpuMsPerWrite")
                    + (failure(r) == null ? "" : "  <- " + failure(r))));
        }
        rows.add(Report.row("stopped because", stoppedBecause));
        rows.add(Report.row("ceiling (last good round)",
                lastGood == null ? "none (the first round failed: lower --rate)"
                : lastGood.get("achievedRate") + " event-producing writes/s with p99 " + lastGood.get("answerP99Ms")
                + " ms on " + bench.urls.size() + " node(s)"));
        Report.tail(rows, bench, out);
        boolean ok = bench.streamsReady == o.streams && lastGood != null
                && rounds.stream().allMatch(r -> ((Number) r.get("duplicates")).longValue() == 0);
        return bench.finish(out, rows, ok, "not every stream opened, the first round already failed, or a delivery "
                + "was duplicated");
    }

    private Map<String, Object> round(int round, double rate, String token, PgWaitSampler waits)
            throws InterruptedException {
        int writes = Math.max(2, (int) Math.round(rate * o.roundSeconds));
        int streams = bench.streamsReady;
        long expected = (long) writes * streams;
        int errorsBefore = bench.requestErrors.get();
        Measurement m = new Measurement(writes, o.streams, bench.urls.size() > 1);
        waits.reset();
        CpuWindow cpu = CpuWindow.start(bench);
        long[] window = bench.measure(m, rate, expected, token);
        bench.awaitRequests(Duration.ofSeconds(30));
        Map<String, Double> waiting = waits.meanBackends();
        Map<String, Object> cpuOut = cpu.end(writes);
        bench.measuring(null);
        Map<String, Object> answers = m.responseLatency();
        double seconds = (double) cpuOut.get("windowSeconds");
        double sendSeconds = (window[1] - window[0]) / 1e9;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("round", round);
        r.put("rate", Report.round3(rate));
        r.put("writes", writes);
        r.put("achievedRate", sendSeconds > 0 ? Report.round3((writes - 1) / sendSeconds) : null);
        r.put("answered", answers.get("count"));
        r.put("requestErrors", bench.requestErrors.get() - errorsBefore);
        r.put("answerP50Ms", answers.get("p50Ms"));
        r.put("answerP99Ms", answers.get("p99Ms"));
        r.put("answerMaxMs", answers.get("maxMs"));
        r.put("expectedDeliveries", expected);
        r.put("missed", expected - m.received());
        r.put("duplicates", bench.client.onLoop(m::duplicates));
        // Mean backends in a wait x the window = the time spent in it, here per write.
        r.put("lockWaitMsPerWrite", msPerWrite(waiting, "Lock:", seconds, writes));
        r.put("walFlushMsPerWrite", Report.round3(msPerWrite(waiting, "IO:WALSync", seconds, writes)
                + msPerWrite(waiting, "LWLock:WALWrite", seconds, writes)));
        r.put("backendsWaiting", waiting);
        r.put("waitSamples", waits.samples());
        Object node = cpuOut.get("serverCpuSeconds");
        r.put("nodeCpuMsPerWrite", node == null ? null : Report.round3((double) node * 1e3 / writes));
        Object services = cpuOut.get("postgresAndRedisCpuSeconds");
        r.put("servicesCpuMsPerWrite", services == null ? null : Report.round3((double) services * 1e3 / writes));
        r.put("machineBusyCores", cpuOut.get("machineBusyCoresDuringRun"));
        r.put("cpu", cpuOut);
        return r;
    }

    private static double msPerWrite(Map<String, Double> waiting, String prefix, double seconds, int writes) {
        double backends = waiting.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToDouble(Map.Entry::getValue).sum();
        return Report.round3(backends * seconds * 1e3 / writes);
    }

    private String failure(Map<String, Object> r) {
        if (((Number) r.get("requestErrors")).intValue() > 0) {
            return r.get("requestErrors") + " requests failed";
        }
        if (((Number) r.get("answered")).intValue() < (int) r.get("writes")) {
            return (((int) r.get("writes")) - ((Number) r.get("answered")).intValue()) + " writes unanswered";
        }
        if (((Number) r.get("missed")).longValue() > 0) {
            return r.get("missed") + " deliveries missing";
        }
        Object p99 = r.get("answerP99Ms");
        if (p99 == null || ((Number) p99).doubleValue() > o.p99LimitMs) {
            return "p99 " + p99 + " ms > " + o.p99LimitMs + " ms";
        }
        return null;
    }
}
