package com.propertyhub.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time over a measured window, from {@code /proc}: the servers (per node), PostgreSQL and Redis when the
 * benchmark started them, the benchmark client itself, and the whole machine (everyone's builds too), so a
 * figure can be read against how contended the window was.
 */
final class CpuWindow {
    private final Bench bench;
    private final long start;
    private final double[] server;
    private final long[] machine;
    private final double services;
    private final double client;
    private final List<Map<String, Double>> threads = new ArrayList<>();

    private CpuWindow(Bench bench) {
        this.bench = bench;
        this.server = bench.cpu();
        this.machine = Bench.machineTicks();
        this.services = bench.servicesCpu();
        this.client = ServerProcess.cpuSeconds(ProcessHandle.current().pid());
        bench.pids.forEach(pid -> threads.add(ServerProcess.threadCpuSeconds(pid)));
        this.start = System.nanoTime();
    }

    static CpuWindow start(Bench bench) {
        return new CpuWindow(bench);
    }

    /** Ends the window; the figures, per delivery where {@code deliveries} > 0. */
    Map<String, Object> end(long deliveries) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] server1 = bench.cpu();
        long[] machine1 = Bench.machineTicks();
        double services1 = bench.servicesCpu();
        double client1 = ServerProcess.cpuSeconds(ProcessHandle.current().pid());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windowSeconds", Report.round3(seconds));
        if (server.length > 0 && !Double.isNaN(Bench.sum(server)) && !Double.isNaN(Bench.sum(server1))) {
            double used = Bench.sum(server1) - Bench.sum(server);
            out.put("serverCpuSeconds", Report.round3(used));
            out.put("serverCpuCoresDuringRun", Report.round3(used / seconds));
            out.put("microsPerDelivery", deliveries > 0 ? Report.round3(used * 1e6 / deliveries) : null);
            List<Double> perNode = new ArrayList<>();
            for (int i = 0; i < server.length; i++) {
                perNode.add(Report.round3(server1[i] - server[i]));
            }
            out.put("serverCpuSecondsPerNode", perNode);
            Map<String, Double> byThread = usedByThread();
            double jit = byThread.entrySet().stream().filter(e -> isJitCompiler(e.getKey()))
                    .mapToDouble(Map.Entry::getValue).sum();
            out.put("serverJitCompilerCpuSeconds", Report.round3(jit));
            out.put("microsPerDeliveryWithoutJit", deliveries > 0 ? Report.round3((used - jit) * 1e6 / deliveries)
                    : null);
            out.put("serverBusiestThreads", busiest(byThread));
        }
        out.put("clientCpuSeconds", Report.round3(client1 - client));
        if (bench.clusterServicesStarted) {
            double used = services1 - services;
            out.put("postgresAndRedisCpuSeconds", Report.round3(used));
            out.put("postgresAndRedisMicrosPerDelivery", deliveries > 0 ? Report.round3(used * 1e6 / deliveries)
                    : null);
        }
        if (machine != null && machine1 != null) {
            double busy = (machine1[0] - machine[0]) / (double) ServerProcess.ticksPerSecond();
            out.put("machineBusyCpuSeconds", Report.round3(busy));
            out.put("machineBusyCoresDuringRun", Report.round3(busy / seconds));
        }
        out.put("clockTicksPerSecond", ServerProcess.ticksPerSecond());
        return out;
    }

    /** CPU seconds the servers' threads used in the window, by thread name, all nodes added up. */
    private Map<String, Double> usedByThread() {
        Map<String, Double> used = new java.util.HashMap<>();
        for (int i = 0; i < threads.size(); i++) {
            Map<String, Double> before = threads.get(i);
            ServerProcess.threadCpuSeconds(bench.pids.get(i)).forEach((name, seconds) ->
                    used.merge(name, seconds - before.getOrDefault(name, 0.0), Double::sum));
        }
        return used;
    }

    /** HotSpot's JIT compiler threads ({@code C1 CompilerThre}, {@code C2 CompilerThre}, names cut at 15). */
    static boolean isJitCompiler(String threadName) {
        return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
    }

    /** The threads that used the most CPU in the window, seconds. */
    private static Map<String, Double> busiest(Map<String, Double> used) {
        Map<String, Double> top = new LinkedHashMap<>();
        used.entrySet().stream().filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                .forEach(e -> top.put(e.getKey(), Report.round3(e.getValue())));
        return top;
    }
}
