package com.propertyhub.dashboard;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Browser;
import com.propertyhub.testsupport.TestNode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.WebDriver;

/**
 * A test class of the dashboards: one node on a fresh database and one headless browser, started before its
 * tests and closed after them, with the super admin's API client and the {@link Dashboards} driver. A class
 * that needs other node settings names them with {@link NodeSettings}.
 */
abstract class DashboardTest {
    static TestNode node;
    static ApiClient root;
    static WebDriver browser;
    static Dashboards ui;

    /** Node settings on top of a fresh database, as {@code "NAME=value"}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface NodeSettings {
        String[] value();
    }

    @BeforeAll
    static void startNodeAndBrowser(TestInfo test) {
        Map<String, String> settings = new HashMap<>(TestNode.freshDatabaseSettings());
        NodeSettings extra = test.getTestClass().map(c -> c.getAnnotation(NodeSettings.class)).orElse(null);
        for (String setting : extra == null ? new String[0] : extra.value()) {
            int eq = setting.indexOf('=');
            settings.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        node = TestNode.start(settings);
        root = node.api().loginAsAdmin();
        browser = Browser.newChrome();
        ui = new Dashboards(browser, node.baseUrl());
    }

    @AfterAll
    static void stopNodeAndBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
