package com.propertyhub.realtime;

import java.util.List;

/**
 * The seam between "an event was committed" and "streams receive it". One implementation delivers on this
 * node only; the Redis one also fans events out to the other nodes of a cluster.
 */
public interface EventBus extends AutoCloseable {

    /** Called after the transaction that stored {@code events} has committed, in id order. */
    void publish(List<Event> events);

    /** How well the bus reaches its peers, for {@code /health}. */
    enum Link {
        /** Events reach the peers through the bus (always, on a single node). */
        UP,
        /** The bus answers but was found not to deliver (peers rely on the log until it heals). */
        DEGRADED,
        /** The bus is unreachable (peers rely on the log until it is back). */
        DOWN
    }

    default Link link() {
        return Link.UP;
    }

    @Override
    void close();
}
