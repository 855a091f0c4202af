package com.propertyhub.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * A test class against one node: started on a fresh database before its tests, closed after them, with the
 * super admin's API client. A class that needs other node settings names them with {@link NodeSettings}.
 */
public abstract class NodeTest {
    protected static TestNode node;
    protected static ApiClient admin;

    /** Node settings on top of {@link #startNode}'s, as {@code "NAME=value"}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Inherited
    public @interface NodeSettings {
        String[] value();
    }

    /**
     * A node on a fresh database with {@code settings} ({@code "NAME=value"}). Login attempts are limited per client
     * address (10 x LOGIN_MAX_FAILURES per window) and every test logs in from 127.0.0.1, so the limit is raised
     * here; {@code AuthIT} tests it.
     */
    public static TestNode startNode(String... settings) {
        Map<String, String> all = TestNode.freshDatabaseSettings();
        all.put("LOGIN_MAX_FAILURES", "1000");
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            all.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        return TestNode.start(all);
    }

    /** {@link #startNode} with the {@link NodeSettings} of the test class. */
    public static TestNode startNode(TestInfo test) {
        NodeSettings settings = test.getTestClass().map(c -> c.getAnnotation(NodeSettings.class)).orElse(null);
        return startNode(settings == null ? new String[0] : settings.value());
    }

    @BeforeAll
    static void startNodeAndLogIn(TestInfo test) {
        node = startNode(test);
        admin = node.api().loginAsAdmin();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
