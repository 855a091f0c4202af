package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Browser;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Many tabs of one browser profile, as an admin works: every tab opens signed in, they share one event stream (the
 * leader tab's), the stream moves to another tab when the leader closes without losing or repeating an event, and
 * signing out in one tab signs out all. A second browser profile shares none of it.
 */
class ManyTabsIT extends DashboardTest {
    static final int TABS = 12;

    /** What realtime.js says about the current tab: role, status and the ids it handled (after its duplicate check). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> realtime(WebDriver driver) {
        Object answer = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import(new URL('js/realtime.js', document.baseURI).href)"
                        + ".then(m => done({role: m.getRole(), status: m.getStatus(), ids: m.receivedEventIds(),"
                        + " connectAt: window.__connectAt || null}))"
                        + ".catch(e => done({error: String(e)}));");
        return (Map<String, Object>) answer;
    }

    /** Records (in the page) when the connection next says connect, leader or follower alike. */
    private static void recordConnects(WebDriver driver) {
        ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; window.__connectAt = null;"
                        + "import(new URL('js/realtime.js', document.baseURI).href)"
                        + ".then(m => { m.on('connect', () => {"
                        + " window.__connectAt = window.__connectAt || Date.now(); }); done(true); });");
    }

    private static void rename(String customer, String company) {
        Fixtures.expect(root.patch("/api/customers/" + customer, Map.of("company", company)), 200);
    }

    private static int streamsOf(String userId) {
        JsonNode rooms = root.get("/api/realtime/stats").json().get("rooms");
        return rooms.path("user:" + userId).asInt(0);
    }

    @Test
    void twelveTabsOfOneProfileShareOneStreamAndOneSignIn() {
        String customer = Fixtures.customer(root, "Tabby Towers").get("id").asText();
        JsonNode admin = Fixtures.staff(root, "ADMIN");
        String adminId = admin.get("id").asText();
        List<String> blank = ui.freshTabs(1);

        // Tab 1 signs in; tabs 2..12 are opened one after another, as bookmarks, and arrive signed in.
        List<String> tabs = new ArrayList<>();
        tabs.add(ui.openTab("/"));
        ui.signIn(admin.get("email").asText(), Fixtures.PASSWORD);
        ui.in(blank.get(0));
        browser.close();
        ui.in(tabs.get(0));
        int maxStreams = 0;
        for (int i = 2; i <= TABS; i++) {
            String tab = ui.openTab("/admin.html");
            tabs.add(tab);
            ui.waitUntilLive();
            assertTrue(browser.getCurrentUrl().endsWith("/admin.html"), "tab " + i + " was sent to "
                    + browser.getCurrentUrl());
            ui.row("customers-body", customer);
            maxStreams = Math.max(maxStreams, streamsOf(adminId));
        }
        for (String tab : tabs) {
            ui.in(tab).waitUntilLive();
            ui.row("customers-body", customer);
        }
        int streams = streamsOf(adminId);
        System.out.println("[ManyTabsIT] streams of the admin with " + TABS + " tabs open: " + streams
                + " (at most " + maxStreams + " while they opened)");
        assertEquals(1, streams, "one stream for the browser");
        assertEquals(1, maxStreams, "never more than one stream while the tabs opened");

        // A change made elsewhere reaches every tab within 2 s: each tab notes when it handled the event (the
        // browser and this test read the same clock), so WebDriver's tab switching is not counted.
        long changedAt = System.currentTimeMillis();
        Fixtures.expect(root.patch("/api/customers/" + customer, Map.of("company", "Tabby Towers Ltd")), 200);
        long eventId = StreamSupport.stream(root.get("/api/activity?limit=20").json().get("items").spliterator(), false)
                .filter(e -> e.get("event").asText().equals("customer:updated")
                        && e.path("data").path("customer").path("id").asText().equals(customer))
                .mapToLong(e -> e.get("id").asLong()).max().orElseThrow();
        long slowest = 0;
        for (String tab : tabs) {
            ui.in(tab).waitForRowTitle("customers-body", customer, "Tabby Towers Ltd");
            Object at = ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "import(new URL('js/realtime.js', document.baseURI).href)"
                            + ".then(m => done(m.receivedEventAt(arguments[0])));", eventId);
            assertNotNull(at, "tab " + tab + " handled event " + eventId);
            slowest = Math.max(slowest, ((Number) at).longValue() - changedAt);
        }
        System.out.println("[ManyTabsIT] a REST change reached all " + TABS + " tabs within " + slowest + " ms");
        assertTrue(slowest <= 2_000, "the change reached the slowest tab after " + slowest + " ms");

        // Tab 1 saves an edit (its REST call is not starved of connections) and reloads normally.
        ui.in(tabs.get(0));
        ui.clickInRow("customers-body", customer, "button.edit");
        ui.type("customer-company", "Tabby Towers Group");
        ui.clickInDialog("customer-dialog", "Save");
        ui.waitForDialogClosed("customer-dialog");
        ui.waitForRowTitle("customers-body", customer, "Tabby Towers Group");
        browser.navigate().refresh();
        ui.waitUntilLive();
        ui.waitForRowTitle("customers-body", customer, "Tabby Towers Group");
        for (String tab : tabs) {
            ui.in(tab).waitForRowTitle("customers-body", customer, "Tabby Towers Group");
        }

        // The leader closes while changes are being made: the others keep receiving, each change exactly once.
        String leader = null;
        for (String tab : tabs) {
            ui.in(tab).recordToasts();
            recordConnects(browser);
            if ("leader".equals(realtime(browser).get("role"))) {
                leader = tab;
            }
        }
        assertTrue(leader != null, "one tab holds the stream");
        int changes = 8;
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= changes; k++) {
            names.add("Handover " + k);
        }
        // Three changes before the leader closes (relayed live), three at once after it (made while no tab holds
        // the stream: the next leader replays them), two once another tab is live again.
        ui.in(leader);
        names.subList(0, 3).forEach(name -> rename(customer, name));
        long closedAt = System.currentTimeMillis();
        browser.close();
        tabs.remove(leader);
        names.subList(3, 6).forEach(name -> rename(customer, name));
        ui.in(tabs.get(0)).waitUntilLive();
        names.subList(6, changes).forEach(name -> rename(customer, name));
        long firstConnect = Long.MAX_VALUE;
        Set<Object> lastIds = null;
        for (String tab : tabs) {
            ui.in(tab).waitForRowTitle("customers-body", customer, names.get(changes - 1));
            ui.waitFor(d -> ui.recordedToasts().contains("Customer " + names.get(changes - 1) + " was updated"));
            List<String> toasts = ui.recordedToasts();
            for (String name : names) {
                assertEquals(1, toasts.stream().filter(("Customer " + name + " was updated")::equals).count(),
                        "tab " + tab + " showed " + name + " once: " + toasts);
            }
            ui.waitUntilLive();
            Map<String, Object> state = realtime(browser);
            List<?> ids = (List<?>) state.get("ids");
            assertEquals(ids.size(), new HashSet<>(ids).size(), "no event twice in tab " + tab + ": " + ids);
            Set<Object> tail = new HashSet<>(ids.subList(Math.max(0, ids.size() - changes), ids.size()));
            if (lastIds == null) {
                lastIds = tail;
            } else {
                assertEquals(lastIds, tail, "every tab handled the same last events");
            }
            if (state.get("connectAt") instanceof Number at) {
                firstConnect = Math.min(firstConnect, at.longValue());
            }
        }
        assertTrue(firstConnect != Long.MAX_VALUE, "a tab took over the stream");
        System.out.println("[ManyTabsIT] leader hand-over: the next tab was live " + (firstConnect - closedAt)
                + " ms after the leader tab was closed");
        Await.until(Duration.ofSeconds(15), () -> streamsOf(adminId) == 1, "one stream after the hand-over");

        // Signing out in one tab signs out all of them.
        ui.in(tabs.get(0));
        browser.findElement(By.id("logout")).click();
        ui.waitFor(d -> d.getCurrentUrl().contains("index.html"));
        for (String tab : tabs.subList(1, tabs.size())) {
            ui.in(tab).waitFor(d -> d.getCurrentUrl().contains("index.html?reason=elsewhere"));
            ui.waitFor(d -> d.findElement(By.id("login-notice")).isDisplayed());
            assertEquals("You signed out in another tab.", ui.text("login-notice"));
        }
        ui.in(tabs.get(1));
        browser.get(ui.url("/admin.html"));
        ui.waitFor(d -> d.findElements(By.id("login-email")).size() == 1);
        Await.until(Duration.ofSeconds(15), () -> streamsOf(adminId) == 0, "no stream after signing out");
    }

    @Test
    void everyTabSaysOfflineWithTheReasonWhenTheServerIsGone() {
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        TestNode gone = TestNode.start(settings);
        try {
            Dashboards tabs = new Dashboards(browser, gone.baseUrl());
            tabs.in(tabs.freshTabs(1).get(0));
            String first = tabs.openTab("/");
            tabs.signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
            String second = tabs.openTab("/admin.html");
            tabs.waitUntilLive();
            gone.close();
            for (String tab : List.of(first, second)) {
                // Four failed attempts in a row (backoff 0.5 + 1 + 2 + 4 s) before the indicator says offline.
                tabs.in(tab).waitFor(Duration.ofSeconds(45), d -> "offline".equals(tabs.connectionState()));
                tabs.waitFor(d -> d.findElements(By.cssSelector("#connection .conn-reason")).size() == 1);
                String text = tabs.text("connection");
                assertTrue(text.startsWith("Offline"), text);
                assertTrue(text.contains("cannot be reached") || text.contains("refused") || text.contains("lost"),
                        "the indicator says why: " + text);
            }
        } finally {
            gone.close();
        }
    }

    @Test
    void twoBrowserProfilesShareNothing() {
        String customer = Fixtures.customer(root, "Profile Place").get("id").asText();
        JsonNode owner = Fixtures.customerUser(root, customer, "OWNER");
        JsonNode admin = Fixtures.staff(root, "ADMIN");
        ui.in(ui.freshTabs(1).get(0));
        String adminTab = ui.openTab("/");
        ui.signIn(admin.get("email").asText(), Fixtures.PASSWORD);
        WebDriver other = Browser.newChrome();
        try {
            Dashboards owners = new Dashboards(other, node.baseUrl());
            owners.openTab("/");
            owners.signIn(owner.get("email").asText(), Fixtures.PASSWORD);
            owners.waitFor(d -> d.getCurrentUrl().endsWith("/account.html"));
            owners.waitForText("account-company", "Profile Place");
            // The admin's browser is still the admin's, with its own stream.
            ui.in(adminTab).waitUntilLive();
            assertTrue(browser.getCurrentUrl().endsWith("/admin.html"));
            assertTrue(ui.text("current-user").contains("Staff ADMIN"), ui.text("current-user"));
            assertEquals("leader", realtime(browser).get("role"));
            assertEquals("leader", realtime(other).get("role"), "the owner's browser holds a stream of its own");
            Await.until(Duration.ofSeconds(15), () -> streamsOf(admin.get("id").asText()) == 1
                    && streamsOf(owner.get("id").asText()) == 1, "one stream per browser");
            // A new tab in the owner's profile opens as the owner, never as the admin.
            owners.openTab("/admin.html");
            owners.waitFor(d -> d.getCurrentUrl().endsWith("/account.html"));
            // The owner signing out leaves the admin signed in and live.
            other.findElement(By.id("logout")).click();
            owners.waitFor(d -> d.getCurrentUrl().contains("index.html"));
            ui.in(adminTab);
            Fixtures.expect(root.patch("/api/customers/" + customer, Map.of("company", "Profile Place Two")), 200);
            ui.waitForRowTitle("customers-body", customer, "Profile Place Two");
            assertEquals("live", ui.connectionState());
            assertFalse(browser.getCurrentUrl().contains("index.html"));
        } finally {
            other.quit();
        }
    }

    /**
     * Web Locks exist only in secure contexts: over plain HTTP to a host that is not this machine's name, as a
     * dashboard reached through an intranet name would be, each tab keeps a stream of its own, as before.
     */
    @Test
    void withoutWebLocksEachTabKeepsItsOwnStream() {
        String customer = Fixtures.customer(root, "Plain Porches").get("id").asText();
        JsonNode admin = Fixtures.staff(root, "ADMIN");
        String adminId = admin.get("id").asText();
        // The name resolves to this node, but Chromium treats http://intranet.test as an insecure origin.
        String port = java.net.URI.create(node.baseUrl()).getPort() + "";
        WebDriver plain = Browser.newChrome("--host-resolver-rules=MAP intranet.test 127.0.0.1");
        try {
            Dashboards tabs = new Dashboards(plain, "http://intranet.test:" + port);
            String first = tabs.openTab("/");
            tabs.signIn(admin.get("email").asText(), Fixtures.PASSWORD);
            tabs.waitUntilLive();
            assertEquals(Boolean.FALSE, ((JavascriptExecutor) plain).executeScript("return 'locks' in navigator;"),
                    "no Web Locks on an insecure origin");
            String second = tabs.openTab("/admin.html");
            tabs.waitUntilLive();
            assertEquals("solo", realtime(plain).get("role"));
            Await.until(Duration.ofSeconds(15), () -> streamsOf(adminId) == 2, "a stream for each of the two tabs");
            Fixtures.expect(root.patch("/api/customers/" + customer, Map.of("company", "Plain Porches Ltd")), 200);
            for (String tab : List.of(first, second)) {
                tabs.in(tab).waitForRowTitle("customers-body", customer, "Plain Porches Ltd");
                assertEquals("solo", realtime(plain).get("role"));
            }
        } finally {
            plain.quit();
        }
    }
}
