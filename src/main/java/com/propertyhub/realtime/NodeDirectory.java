package com.propertyhub.realtime;

import java.util.List;
import java.util.Map;

/** The nodes of the cluster and their latest figures; a single node lists only itself ({@link LocalNodeDirectory}). */
public interface NodeDirectory extends AutoCloseable {

    List<Map<String, Object>> nodes();

    @Override
    default void close() {
    }
}
