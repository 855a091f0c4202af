package com.propertyhub.realtime;

import java.util.UUID;

/**
 * Lets the per-user stream limit hold across a cluster: how many streams a user has open on other nodes,
 * and this node's count whenever it changes. A single node has no others ({@link LocalStreamQuota}).
 */
public interface StreamQuota extends AutoCloseable {
    int elsewhere(UUID user);

    void changed(UUID user, int streamsHere);

    @Override
    default void close() {
    }
}
