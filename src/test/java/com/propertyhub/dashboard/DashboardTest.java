package com.propertyhub.dashboard;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Browser;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.WebDriver;

/**
 * A test class of the dashboards: one node on a fresh database and one headless browser, started before its
 * tests and closed after them, with the super admin's API client and the {@link Dashboards} driver. A class
 * that needs other node settings names them with {@link NodeTest.NodeSettings}.
 */
abstract class DashboardTest {
    static TestNode node;
    static ApiClient root;
    static WebDriver browser;
    static Dashboards ui;

    @BeforeAll
    static void startNodeAndBrowser(TestInfo test) {
        node = NodeTest.startNode(test);
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
