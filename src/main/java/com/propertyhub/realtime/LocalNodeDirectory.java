package com.propertyhub.realtime;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A single node: the directory lists only this node. */
public final class LocalNodeDirectory implements NodeDirectory {
    private final Supplier<Map<String, Object>> localStats;

    /** @param localStats this node's figures ({@link RealtimeHub#localStats}) */
    public LocalNodeDirectory(Supplier<Map<String, Object>> localStats) {
        this.localStats = localStats;
    }

    @Override
    public List<Map<String, Object>> nodes() {
        return List.of(localStats.get());
    }
}
