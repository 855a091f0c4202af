package com.propertyhub.api;

import com.propertyhub.testsupport.TestNode;
import java.util.Map;
import java.util.UUID;

/** Test nodes for this package, and the unique names that keep one test's data apart from another's. */
final class Nodes {
    private Nodes() {
    }

    /**
     * A node on a fresh database. Login attempts are limited per client address (10 x LOGIN_MAX_FAILURES per
     * window) and every test logs in from 127.0.0.1, so the limit is raised here; {@code AuthIT} tests it.
     */
    static TestNode start() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.put("LOGIN_MAX_FAILURES", "1000");
        return TestNode.start(settings);
    }

    /** A short unique word (letters and digits), to name test data and find it again with {@code ?q=}. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
