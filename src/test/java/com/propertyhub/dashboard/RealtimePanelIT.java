package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.HasCdp;

/**
 * The admin dashboard's Realtime section in a real browser: live stream counts from the stats endpoint, the
 * events-per-second figure, and the chart (uPlot, served from the build's vendor/ folder under the strict CSP).
 */
class RealtimePanelIT extends DashboardTest {
    static final String SUPPORT_EMAIL = "sam.support@propertyhub.test";

    @BeforeAll
    static void createFixtures() {
        Fixtures.expect(root.post("/api/users", Map.of("name", "Sam Support", "email", SUPPORT_EMAIL,
                "password", Fixtures.PASSWORD, "role", "SUPPORT", "department", "Operations")), 201);
    }

    @Test
    void adminSeesOpenStreamsAndEventRateLive_chartRendersUnderTheCsp() {
        List<String> tabs = ui.freshTabs(2);
        String watcher = tabs.get(0);
        String other = tabs.get(1);

        ui.in(watcher);
        recordCspViolations();
        ui.signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        showRealtime();
        // The node is fresh: the only stream is this tab's own.
        ui.waitFor(d -> count("rt-connections") == 1);
        assertEquals(1, count("rt-room-admins"));
        assertEquals(0, count("rt-room-tenants"));
        assertEquals(1, root.get("/api/realtime/stats").json().get("connections").asInt());

        // Another admin (SUPPORT sees the section too) opens a second stream; the next poll counts it.
        ui.in(other).signIn(SUPPORT_EMAIL, Fixtures.PASSWORD);
        showRealtime();
        ui.waitFor(d -> count("rt-connections") == 2);
        ui.in(watcher).waitFor(d -> count("rt-connections") == 2 && count("rt-room-admins") == 2);
        assertEquals("2",
                ui.waitFor(d -> d.findElement(By.cssSelector("#realtime-nodes-body tr[data-id] [data-col=connections]"))
                .getText()));
        assertEquals(1, count("rt-nodes"));

        // Events emitted while the page watches (one per check of the wait) raise events per second above 0.
        int[] emitted = {0};
        ui.waitFor(d -> {
            Fixtures.expect(root.post("/api/realtime/emit", Map.of("room", "tenants", "event", "ops:ping",
                    "data", Map.of("n", ++emitted[0]))), 201);
            return rate() > 0;
        });
        long lastEventId = root.get("/api/realtime/stats").json().get("nodes").get(0).get("lastEventId").asLong();
        assertTrue(lastEventId >= emitted[0], "lastEventId " + lastEventId + " after " + emitted[0] + " events");

        // The chart drew on a canvas with uPlot's stylesheet applied, and the page broke no CSP rule.
        int canvasWidth = ui.waitFor(d -> d.findElement(By.cssSelector("#realtime-chart .uplot canvas")).getSize()
                .getWidth());
        assertTrue(canvasWidth > 100, "canvas width " + canvasWidth);
        assertEquals("relative",
                ui.js("return getComputedStyle(document.querySelector('#realtime-chart .u-wrap')).position"),
                "uPlot's stylesheet (vendor/uplot/uPlot.min.css) is not applied");
        ui.waitFor(d -> Integer.parseInt(d.findElement(By.id("realtime-chart")).getAttribute("data-points")) >= 3);
        assertTrue(browser.findElement(By.id("realtime-chart-status")).getAttribute("hidden") != null,
                "the chart still says it is collecting data");
        assertEquals(List.of(), ui.js("return window.__csp"), "Content-Security-Policy violations");
        ui.screenshot("admin-realtime");
    }

    /**
     * From now on every document of the current tab records its CSP violations in {@code window.__csp} (Chromium
     * reports them as securitypolicyviolation events; the script runs before the page's own).
     */
    private static void recordCspViolations() {
        ((HasCdp) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__csp = []; document.addEventListener('securitypolicyviolation',"
                        + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"));
    }

    private static void showRealtime() {
        browser.findElement(By.id("tab-realtime")).click();
        ui.waitFor(d -> d.findElement(By.id("realtime-view")).isDisplayed());
        assertEquals("Realtime · PropertyHub", browser.getTitle());
    }

    /** A whole-number figure of the section, or -1 while it shows none ("–"). */
    private static int count(String elementId) {
        String text = ui.text(elementId).replaceAll("[^0-9]", "");
        return text.isEmpty() ? -1 : Integer.parseInt(text);
    }

    /** Events per second as shown, or -1 while it shows none. */
    private static double rate() {
        String text = ui.text("rt-events-rate").replace(",", "");
        return text.matches("[0-9]+(\\.[0-9]+)?") ? Double.parseDouble(text) : -1;
    }
}
