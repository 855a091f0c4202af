package com.propertyhub.realtime;

import java.util.List;

/** A single node: committed events go straight to this node's sequencer. */
public final class LocalEventBus implements EventBus {
    private final EventSequencer sequencer;

    public LocalEventBus(EventSequencer sequencer) {
        this.sequencer = sequencer;
    }

    @Override
    public void publish(List<Event> events) {
        sequencer.accept(events);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
