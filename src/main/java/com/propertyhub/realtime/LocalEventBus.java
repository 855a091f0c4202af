package com.propertyhub.realtime;

import java.util.List;
import java.util.function.Consumer;

/** A single node: committed events go straight to this node's delivery, transient signals to its streams. */
public final class LocalEventBus implements EventBus {
    private final Delivery delivery;
    private final Consumer<TransientEvent> transients;

    public LocalEventBus(Delivery delivery, Consumer<TransientEvent> transients) {
        this.delivery = delivery;
        this.transients = transients;
    }

    @Override
    public void publish(List<Event> events) {
        delivery.accept(events);
    }

    @Override
    public void publishTransient(TransientEvent event) {
        transients.accept(event);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
