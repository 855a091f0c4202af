package com.propertyhub.realtime;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The nodes of the cluster and their latest figures; a single node lists only itself. */
public interface NodeDirectory extends AutoCloseable {

    List<Map<String, Object>> nodes();

    @Override
    default void close() {
    }

    /** @param localStats this node's figures ({@link RealtimeHub#localStats}) */
    static NodeDirectory single(Supplier<Map<String, Object>> localStats) {
        return () -> List.of(localStats.get());
    }
}
