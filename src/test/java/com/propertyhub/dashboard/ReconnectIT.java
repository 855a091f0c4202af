package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Browser;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** The connection itself: surviving a server restart without a reload, and ending with the session. */
class ReconnectIT {
    /** The client backs off up to 10 s between attempts; a restart takes a few seconds on a busy machine. */
    static final Duration RECONNECT = Duration.ofSeconds(45);

    static TestNode node;
    static WebDriver browser;
    static Dashboards ui;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        browser = Browser.newChrome();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void changesMadeWhileTheServerRestartsAppearWithoutReload() {
        ui = new Dashboards(browser, node.baseUrl());
        ApiClient root = node.api().loginAsAdmin();
        String customer = Fixtures.customer(root, "Steady State Homes").get("id").asText();
        JsonNode owner = Fixtures.customerUser(root, customer, "OWNER");
        List<String> tabs = ui.freshTabs(2);
        String adminTab = tabs.get(0);
        String ownerTab = tabs.get(1);
        ui.in(ownerTab).signIn(owner.get("email").asText(), Fixtures.PASSWORD);
        ui.in(adminTab).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        // One event seen before the restart, so the tab has a position to resume from.
        Fixtures.expect(root.patch("/api/customers/" + customer, Map.of("owner", "Stella Steady")), 200);
        ui.waitForToast("Customer Steady State Homes was updated");
        ui.js("window.__sameDocument = true;");
        ui.recordToasts();
        ui.recordConnectionStates();
        ui.in(ownerTab).waitForText("account-owner", "Stella Steady");
        ui.js("window.__sameDocument = true;");

        node.restart();
        // Made at once, before the tabs are back: they can only arrive by replay from the event log.
        ApiClient after = node.api().loginAsAdmin();
        String created = Fixtures.customer(after, "Phoenix Rentals").get("id").asText();
        Fixtures.expect(after.patch("/api/customers/" + customer, Map.of("company", "Steady State Holdings")), 200);

        ui.in(adminTab).waitFor(RECONNECT, d -> "live".equals(ui.connectionState()));
        ui.waitForRowTitle("customers-body", created, "Phoenix Rentals");
        ui.waitForRowTitle("customers-body", customer, "Steady State Holdings");
        // Toasts come only from events: these were replayed, not reloaded.
        ui.waitFor(d -> ui.recordedToasts().containsAll(List.of("New customer Phoenix Rentals was added",
                "Customer Steady State Holdings was updated")));
        assertEquals(Boolean.TRUE, ui.js("return window.__sameDocument === true;"), "the admin page was reloaded");
        List<String> states = ui.recordedConnectionStates();
        assertTrue(states.contains("reconnecting") || states.contains("offline"), "indicator went " + states);
        assertEquals("live", states.get(states.size() - 1), "indicator went " + states);
        assertEquals("Live", ui.text("connection"));

        ui.in(ownerTab).waitFor(RECONNECT, d -> "live".equals(ui.connectionState()));
        ui.waitForText("account-company", "Steady State Holdings");
        assertEquals(Boolean.TRUE, ui.js("return window.__sameDocument === true;"), "the owner page was reloaded");
        ui.screenshot("after-restart-owner");
    }

    @Test
    void expiredSessionReturnsToTheLogin() {
        Map<String, String> settings = new java.util.HashMap<>(TestNode.freshDatabaseSettings());
        settings.put("JWT_TTL", "4s");
        try (TestNode shortLived = TestNode.start(settings)) {
            Dashboards expiring = new Dashboards(browser, shortLived.baseUrl());
            expiring.in(expiring.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
            // The server ends the stream with auth:expired when the token runs out; the page goes to the login.
            expiring.waitFor(Duration.ofSeconds(20), d -> d.getCurrentUrl().contains("index.html?reason=expired"));
            expiring.waitFor(d -> d.findElement(By.id("login-notice")).isDisplayed());
            assertEquals("Your session expired. Please sign in again.", expiring.text("login-notice"));
        }
    }
}
