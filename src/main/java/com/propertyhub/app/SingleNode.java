package com.propertyhub.app;

import com.propertyhub.presence.LocalOnlineUsers;
import com.propertyhub.presence.OnlineUsers;
import com.propertyhub.realtime.Delivery;
import com.propertyhub.realtime.EventBus;
import com.propertyhub.realtime.LocalEventBus;
import com.propertyhub.realtime.LocalNodeDirectory;
import com.propertyhub.realtime.LocalStreamQuota;
import com.propertyhub.realtime.LocalTicketStore;
import com.propertyhub.realtime.NodeDirectory;
import com.propertyhub.realtime.StreamCounts;
import com.propertyhub.realtime.StreamQuota;
import com.propertyhub.realtime.TicketStore;
import com.propertyhub.realtime.TransientEvent;
import com.propertyhub.web.BucketStore;
import com.propertyhub.web.LocalBucketStore;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** One node without Redis: everything shared lives in this node's memory (the {@code Local…} parts). */
final class SingleNode implements Topology {
    private final AppConfig config;

    SingleNode(AppConfig config) {
        this.config = config;
    }

    @Override
    public BucketStore rateLimits() {
        return new LocalBucketStore(config.loginFailureWindow().multipliedBy(2));
    }

    @Override
    public TicketStore tickets() {
        return new LocalTicketStore(config.streamTicketTtl());
    }

    @Override
    public StreamQuota streamQuota(StreamCounts here) {
        return new LocalStreamQuota();
    }

    @Override
    public OnlineUsers onlineUsers() {
        return new LocalOnlineUsers();
    }

    @Override
    public EventBus bus(Delivery delivery, Consumer<TransientEvent> transients) {
        return new LocalEventBus(delivery, transients);
    }

    @Override
    public NodeDirectory nodes(Supplier<Map<String, Object>> localStats) {
        return new LocalNodeDirectory(localStats);
    }

    @Override
    public String describe() {
        return "single node";
    }

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    public void close() {
        // nothing of its own
    }
}
