package com.propertyhub.app;

import com.propertyhub.presence.OnlineUsers;
import com.propertyhub.realtime.Delivery;
import com.propertyhub.realtime.EventBus;
import com.propertyhub.realtime.NodeDirectory;
import com.propertyhub.realtime.StreamCounts;
import com.propertyhub.realtime.StreamQuota;
import com.propertyhub.realtime.TicketStore;
import com.propertyhub.realtime.TransientEvent;
import com.propertyhub.web.BucketStore;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The parts that differ between one node ({@link SingleNode}) and a cluster ({@link RedisCluster}): where rate
 * limits, stream tickets, stream counts and the online users live, how events reach the other nodes, and how the
 * nodes are listed. Closing it releases what it holds itself (the Redis clients); the parts it makes are the
 * caller's to close.
 */
interface Topology extends AutoCloseable {

    BucketStore rateLimits();

    TicketStore tickets();

    /** @param here this node's own counts */
    StreamQuota streamQuota(StreamCounts here);

    OnlineUsers onlineUsers();

    /** The bus that hands committed events to {@code delivery} and transient signals to {@code transients}. */
    EventBus bus(Delivery delivery, Consumer<TransientEvent> transients);

    /** @param localStats this node's figures */
    NodeDirectory nodes(Supplier<Map<String, Object>> localStats);

    /** For the start-up log line. */
    String describe();

    /** True when nodes share state through Redis ({@code /health} reports the bus then). */
    boolean clustered();

    @Override
    void close();
}
