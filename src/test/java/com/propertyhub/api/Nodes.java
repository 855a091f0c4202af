package com.propertyhub.api;

import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.TestNode;
import java.util.UUID;

/** Test nodes for this package, and the unique names that keep one test's data apart from another's. */
final class Nodes {
    private Nodes() {
    }

    /** A node on a fresh database, with the login limit raised (see {@link NodeTest#startNode}). */
    static TestNode start() {
        return NodeTest.startNode();
    }

    /** A short unique word (letters and digits), to name test data and find it again with {@code ?q=}. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
