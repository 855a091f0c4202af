package com.propertyhub.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code --mode storm}, a reconnect storm: the open streams get the warm-up events, then every stream is dropped
 * at once (client side), {@code --events} emits go out while they are down, and every stream reconnects at once
 * with {@code Last-Event-ID} = the last id it saw while {@code --events} more go out. Measures the time until
 * every stream had every one of those events, and counts the events missed and the ids a stream got twice.
 */
final class StormRun {
    private final Bench bench;
    private final BenchOptions o;
    private final StreamClient client;

    // Per stream index, touched only by the selector thread.
    /** The highest event id the stream has seen; a frame at or below it is a duplicate (or out of order). */
    private long[] highestId;
    /** When the stream last got one of the storm's emits. */
    private long[] lastStormFrame;
    private long idDuplicates;
    private long resyncs;
    private final Map<String, Integer> otherEvents = new LinkedHashMap<>();

    StormRun(Bench bench) {
        this.bench = bench;
        this.o = bench.o;
        this.client = bench.client;
    }

    int run(String token) throws Exception {
        bench.warmUp(token, o.rate);
        int streams = client.readyCount(); // every stream that opened is dropped and reconnected
        int perStream = 2 * o.events;
        long expected = (long) perStream * streams;
        Measurement m = new Measurement(perStream, o.streams, bench.urls.size() > 1);

        // Drop everything at once; what each stream saw last is what it will send as Last-Event-ID.
        client.dropAll();
        long droppedAt = System.nanoTime();
        long[] lastIds = client.onLoop(() -> {
            highestId = new long[o.streams];
            lastStormFrame = new long[o.streams];
            Arrays.fill(highestId, -1);
            for (StreamClient.Stream s : client.streams()) {
                highestId[s.index] = s.lastEventId;
            }
            return highestId.clone();
        });
        bench.checkFrames(this::onFrame);
        bench.measuring(m);
        Bench.log("dropped " + streams + " streams; emitting " + o.events + " events while they are down");
        bench.drive(o.events, o.rate, m, 0, token);
        bench.awaitRequests(Duration.ofSeconds(o.timeoutSeconds));
        long serverStillHolding = bench.serverStreams(token);

        // Reconnect everything at once, emitting meanwhile.
        Bench.log("reconnecting " + streams + " streams with Last-Event-ID, " + o.reconnectBatch
                + " at a time, while emitting " + o.events + " more events; the server still counts "
                + serverStillHolding + " open streams");
        CpuWindow cpu = CpuWindow.start(bench);
        long reconnectStart = System.nanoTime();
        client.reconnectAll(o.reconnectBatch);
        CompletableFuture<long[]> emitting = CompletableFuture.supplyAsync(
                () -> bench.drive(o.events, o.rate, m, o.events, token));
        long lastReady = bench.awaitReady(reconnectStart, streams);
        long[] sendWindow = emitting.get();
        bench.awaitDeliveries(m, expected, Math.max(sendWindow[1], lastReady));
        Map<String, Object> cpuOut = cpu.end(m.received());
        bench.awaitRequests(Duration.ofSeconds(10));
        bench.checkFrames(null);
        bench.measuring(null);

        Map<String, Object> out = Report.result(bench);
        Map<String, Object> storm = client.onLoop(() -> figures(m, streams, expected, reconnectStart, lastReady,
                lastIds));
        storm.put("secondsDown", Report.round3((reconnectStart - droppedAt) / 1e9));
        storm.put("serverStreamsBeforeReconnect", serverStillHolding);
        storm.put("requestErrors", bench.requestErrors.get());
        storm.put("requestErrorKinds", new LinkedHashMap<>(bench.requestErrorKinds));
        out.put("storm", storm);
        out.put("cpu", cpuOut);
        out.put("memory", Report.memory(bench, bench.streamsReady));
        boolean ok = (long) storm.get("missed") == 0 && (long) storm.get("duplicates") == 0
                && (int) storm.get("reconnected") == streams && bench.streamsReady == o.streams
                && bench.requestErrors.get() == 0;
        return bench.finish(out, rows(out, storm, cpuOut), ok,
                "a stream did not reconnect, an event was missed or duplicated, or a request failed");
    }

    /** Selector thread: every frame after the drop. */
    private void onFrame(StreamClient.Stream s, long id, String event, String data, long now) {
        if (id >= 0) {
            if (id <= highestId[s.index]) {
                idDuplicates++;
            } else {
                highestId[s.index] = id;
            }
        }
        if (event.equals(Bench.EMIT_EVENT)) {
            lastStormFrame[s.index] = now;
        } else if (event.equals("resync")) {
            resyncs++;
        } else {
            otherEvents.merge(event, 1, Integer::sum);
        }
    }

    /** Selector thread: the storm's figures. */
    private Map<String, Object> figures(Measurement m, int streams, long expected, long reconnectStart,
                                        long lastReady, long[] lastIds) {
        Stats reconnect = new Stats();
        Stats caughtUp = new Stats();
        int reconnected = 0;
        long lastCaughtUp = 0;
        for (StreamClient.Stream s : client.streams()) {
            if (s.ready) {
                reconnected++;
                reconnect.add(s.readyNanos - reconnectStart);
            }
            if (lastStormFrame != null && lastStormFrame[s.index] != 0) {
                caughtUp.add(lastStormFrame[s.index] - reconnectStart);
                lastCaughtUp = Math.max(lastCaughtUp, lastStormFrame[s.index]);
            }
        }
        long got = m.received();
        // Ids are taken at commit, so concurrent emits need not get them in the order they were sent.
        long firstId = Long.MAX_VALUE;
        long lastId = 0;
        for (int i = 0; i < m.events(); i++) {
            firstId = Math.min(firstId, m.eventId(i));
            lastId = Math.max(lastId, m.eventId(i));
        }
        long minLast = Arrays.stream(lastIds).filter(v -> v >= 0).min().orElse(-1);
        long maxLast = Arrays.stream(lastIds).max().orElse(-1);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("streams", streams);
        r.put("eventsWhileDown", o.events);
        r.put("eventsWhileReconnecting", o.events);
        r.put("lastEventIdAtDrop", minLast == maxLast ? (Object) minLast : minLast + ".." + maxLast);
        r.put("stormEventIds", firstId + ".." + lastId);
        r.put("reconnectBatch", o.reconnectBatch);
        r.put("reconnected", reconnected);
        r.put("reconnectFailures", new LinkedHashMap<>(client.failures()));
        r.put("secondsUntilAllReconnected", Report.round3((lastReady - reconnectStart) / 1e9));
        r.put("reconnectTime", reconnect.summary().toMap());
        r.put("expected", expected);
        r.put("received", got);
        r.put("missed", expected - got);
        r.put("streamsMissingEvents", m.streamsMissingEvents(client.streams()));
        r.put("duplicates", m.duplicates() + idDuplicates);
        r.put("duplicateStormEvents", m.duplicates());
        r.put("duplicateOrOutOfOrderIds", idDuplicates);
        r.put("resyncs", resyncs);
        r.put("otherEvents", new LinkedHashMap<>(otherEvents));
        r.put("secondsUntilAllCaughtUp", got >= expected && lastCaughtUp > 0
                ? Report.round3((lastCaughtUp - reconnectStart) / 1e9) : null);
        r.put("caughtUpTimePerStream", caughtUp.summary().toMap());
        r.put("closedAfterReconnect", client.closedAfterReady());
        r.put("closeReasons", new LinkedHashMap<>(client.closes()));
        r.put("framesReceived", client.framesReceived());
        return r;
    }

    private List<String[]> rows(Map<String, Object> out, Map<String, Object> storm, Map<String, Object> cpu) {
        List<String[]> rows = Report.head(bench, out, "drop all streams, " + o.events + " emits while down, "
                + "reconnect all with Last-Event-ID during " + o.events + " more");
        rows.add(Report.row("last event id at the drop", String.valueOf(storm.get("lastEventIdAtDrop"))
                + "  (storm events " + storm.get("stormEventIds") + ", down " + storm.get("secondsDown") + " s)"));
        rows.add(Report.row("server streams still counted when reconnecting", String.valueOf(
                storm.get("serverStreamsBeforeReconnect"))));
        rows.add(Report.row("streams reconnected / dropped", storm.get("reconnected") + " / " + storm.get("streams")
                + (((Map<?, ?>) storm.get("reconnectFailures")).isEmpty() ? "" : "  FAILED: "
                        + storm.get("reconnectFailures"))));
        rows.add(Report.row("time until all reconnected", storm.get("secondsUntilAllReconnected")
                + " s  (per stream ms "
                + "p50/p90/p99/max " + Report.line(Report.asMap(storm.get("reconnectTime"))) + ")"));
        rows.add(Report.row("time until every stream had every event", (storm.get("secondsUntilAllCaughtUp") == null
                ? "never (see missed)" : storm.get("secondsUntilAllCaughtUp") + " s")
                + "  (per stream ms p50/p90/p99/max "
                + Report.line(Report.asMap(storm.get("caughtUpTimePerStream"))) + ")"));
        rows.add(Report.row("deliveries expected / received", storm.get("expected") + " / " + storm.get("received")));
        rows.add(Report.row("missed / duplicated", storm.get("missed") + " / " + storm.get("duplicates")
                + "  (" + storm.get("streamsMissingEvents") + " streams incomplete, " + storm.get("resyncs")
                + " resyncs, " + storm.get("duplicateOrOutOfOrderIds") + " ids not above the last one)"));
        rows.add(Report.row("other events seen", String.valueOf(storm.get("otherEvents"))));
        rows.add(Report.row("streams closed after reconnecting", storm.get("closedAfterReconnect")
                + ((int) storm.get("closedAfterReconnect") > 0 ? "  " + storm.get("closeReasons") : "")));
        rows.add(Report.row("requests failed", storm.get("requestErrors")
                + ((int) storm.get("requestErrors") > 0 ? "  " + storm.get("requestErrorKinds") : "")));
        if (cpu.containsKey("serverCpuSeconds")) {
            rows.add(Report.row("server CPU from reconnect to caught up", cpu.get("serverCpuSeconds") + " s  ("
                    + cpu.get("serverCpuCoresDuringRun") + " cores over " + cpu.get("windowSeconds") + " s)"));
        }
        rows.add(Report.row("client CPU during run", cpu.get("clientCpuSeconds") + " s"));
        Report.machineLoad(rows, cpu, Report.asMap(out.get("machine")));
        Report.tail(rows, bench, out);
        return rows;
    }
}
