package com.propertyhub.realtime;

import java.util.List;

/**
 * The seam between "an event was committed" and "streams receive it". One implementation delivers on this
 * node only; the Redis one also fans events out to the other nodes of a cluster.
 */
public interface EventBus extends AutoCloseable {

    /** Called after the transaction that stored {@code events} has committed, in id order. */
    void publish(List<Event> events);

    /** False while the bus cannot reach its peers (for {@code /health}); always true on a single node. */
    default boolean connected() {
        return true;
    }

    @Override
    void close();
}
