package com.propertyhub.realtime;

import java.util.UUID;

/** A single node: no other node holds streams, so the per-user limit counts this node's alone. */
public final class LocalStreamQuota implements StreamQuota {

    @Override
    public int elsewhere(UUID user) {
        return 0;
    }

    @Override
    public void changed(UUID user, int streamsHere) {
        // nobody else to tell
    }
}
