package com.propertyhub.realtime;

import java.util.List;

/**
 * The seam between "an event was committed" and "streams receive it", and the path of transient signals. One
 * implementation delivers on this node only; the Redis one also fans both out to the other nodes of a cluster.
 * A bus hands committed events to a {@link Delivery} and transient signals (its own and its peers') to a
 * transient sink, both given when it is made.
 */
public interface EventBus extends AutoCloseable {

    /** Called after the transaction that stored {@code events} has committed, in id order. */
    void publish(List<Event> events);

    /**
     * Sends a transient signal (see {@link TransientEvent}) to this node's streams and to the other nodes'. Best
     * effort: not logged, so a signal a peer misses (Redis away) is simply not shown there.
     */
    void publishTransient(TransientEvent event);

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
