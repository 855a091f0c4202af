package com.propertyhub.realtime;

import java.util.List;

/**
 * Where a bus hands the committed events that reach this node, from its own commits and from its peers, in any
 * order and possibly twice ({@link EventSequencer} puts them in id order and delivers each once).
 */
@FunctionalInterface
public interface Delivery {

    /** Takes committed events from any thread; must not block. */
    void accept(List<Event> events);

    /**
     * Reads from the event log whatever was committed but has not reached this node (a bus that was away); a
     * delivery that never misses events has nothing to do.
     */
    default void catchUp() {
    }
}
