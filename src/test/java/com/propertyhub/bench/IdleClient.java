package com.propertyhub.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A child process of {@code --mode idle}: holds idle event streams from one source address, so that many such
 * processes together hold more streams than one process may have open files, and more than one source address
 * has local ports. Talks to the benchmark in lines: prints {@code up}, opens its streams on {@code go}, prints
 * {@code failure <count> <reason>} lines and then {@code opened <ready> <failed> <ms from go to last ready>};
 * answers {@code status} with {@code status <ready> <closed since> <frames> <comments>}; ends on {@code stop} or
 * when its input closes. The bearer token comes in the environment variable {@code BENCH_TOKEN}.
 *
 * <p>Arguments: {@code baseUrl streams sourceAddress connectBatch openTimeoutSeconds}.
 */
public final class IdleClient {
    private IdleClient() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int count = Integer.parseInt(args[1]);
        InetAddress source = InetAddress.getByName(args[2]);
        int batch = Integer.parseInt(args[3]);
        long openTimeout = Long.parseLong(args[4]) * 1_000_000_000L;
        String token = System.getenv("BENCH_TOKEN");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (StreamClient client = new StreamClient((s, id, event, data, now) -> { }, source)) {
            say("up");
            if (!"go".equals(in.readLine())) {
                return;
            }
            long go = System.nanoTime();
            client.open(List.of(url), token, count, batch);
            Poll.until(() -> client.readyCount() + client.failedCount() >= count, go + openTimeout, 10);
            long lastReady = client.onLoop(() -> client.streams().stream().filter(s -> s.ready)
                    .mapToLong(s -> s.readyNanos).max().orElse(go));
            Map<String, Integer> failures = client.onLoop(() -> Map.copyOf(client.failures()));
            failures.forEach((reason, n) -> say("failure " + n + " " + reason.replace('\n', ' ')));
            say("opened " + client.readyCount() + " " + client.failedCount() + " " + (lastReady - go) / 1_000_000);
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                if (line.equals("status")) {
                    long frames = client.onLoop(client::framesReceived);
                    long comments = client.onLoop(client::commentsReceived);
                    say("status " + client.readyCount() + " " + client.closedAfterReady() + " " + frames + " "
                            + comments);
                }
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
