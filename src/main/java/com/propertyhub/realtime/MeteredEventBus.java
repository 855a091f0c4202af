package com.propertyhub.realtime;

import java.util.List;

/** Counts the events this node commits, then hands them to the real bus. */
public final class MeteredEventBus implements EventBus {
    private final EventBus bus;
    private final RealtimeMetrics metrics;

    public MeteredEventBus(EventBus bus, RealtimeMetrics metrics) {
        this.bus = bus;
        this.metrics = metrics;
    }

    @Override
    public void publish(List<Event> events) {
        metrics.published(events.size());
        bus.publish(events);
    }

    @Override
    public void publishTransient(TransientEvent event) {
        bus.publishTransient(event);
    }

    @Override
    public Link link() {
        return bus.link();
    }

    @Override
    public void close() {
        bus.close();
    }
}
