package com.propertyhub.realtime;

import java.util.Map;
import java.util.UUID;

/** A read-only view of how many streams each user has open on this node (the {@link RoomRegistry} keeps them). */
public interface StreamCounts {

    /** Streams the user has open on this node. */
    int streamsOf(UUID userId);

    /** Users with streams open on this node, with their counts (a copy). */
    Map<UUID, Integer> streamsPerUser();
}
