package com.propertyhub.realtime;

import java.time.Duration;

/**
 * The knobs of the realtime layer (see the README's configuration table for each variable).
 *
 * @param heartbeat     how often a {@code : ping} comment is written to every stream (below proxies' idle timeouts)
 * @param retry         the reconnect delay the browser is told ({@code retry:})
 * @param queueLimit    frames a stream may have waiting before it is cut as a slow consumer
 * @param catchUpEvery  how often a node checks the log for events the bus did not bring
 * @param fanoutThreads threads that write one event to a large room's streams together (1: the delivery thread
 *                      alone)
 */
public record RealtimeSettings(
        String nodeId,
        Duration heartbeat,
        Duration retry,
        int maxStreamsPerUser,
        int queueLimit,
        Duration ticketTtl,
        Duration retention,
        long retentionCount,
        Duration cleanupEvery,
        Duration catchUpEvery,
        int fanoutThreads) {
}
