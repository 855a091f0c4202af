package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Loading is never shown as emptiness: under a slow network (Chromium's own network emulation, every request late
 * by 1.5 s) the panels and lists say they are loading, then show the data or their empty text; with the API
 * unreachable they say so with a way to try again, which works once it is back. Without presence nobody is ever
 * online, so "Online now" ends in its empty text.
 */
@NodeTest.NodeSettings("PRESENCE=false")
class LoadingStatesIT extends DashboardTest {

    @AfterEach
    void restoreTheNetwork() {
        ui.network(0);
    }

    @Test
    void panelsAndListsSayLoadingThenShowTheDataOrTheEmptyText() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.network(1500);
        browser.get(ui.url("/admin.html?q=no+customer+is+called+this#customers"));
        ui.js("window.__panel = []; for (const id of ['activity-empty', 'presence-empty']) {"
                + " const el = document.getElementById(id); window.__panel.push(id + ':' + el.dataset.state);"
                + " new MutationObserver(() => window.__panel.push(id + ':' + el.dataset.state))"
                + ".observe(el, {attributes: true, attributeFilter: ['data-state']}); }");
        assertEquals("loading", state("activity-empty"));
        assertEquals("Loading activity…", browser.findElement(By.id("activity-empty")).getText());
        assertEquals("loading", state("presence-empty"));
        assertEquals("Loading who is online…", browser.findElement(By.id("presence-empty")).getText());
        assertEquals("Loading customers…", messageRow("customers-body", "loading"));

        ui.waitFor(d -> "ready".equals(state("activity-empty")) && "empty".equals(state("presence-empty")));
        assertFalse(browser.findElements(By.cssSelector("#activity-list li")).isEmpty());
        assertEquals("Nobody is online.", browser.findElement(By.id("presence-empty")).getText());
        ui.waitFor(d -> "No customers match the filter.".equals(messageRow("customers-body", "empty")));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) ui.js("return window.__panel;");
        // Straight from loading to the answer: never an empty text first.
        assertEquals(List.of("loading", "ready"), statesOf(seen, "activity-empty"));
        assertEquals(List.of("loading", "empty"), statesOf(seen, "presence-empty"));
    }

    @Test
    void anUnreachableApiIsShownWithATryAgainThatWorksOnceItIsBack() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.network(0, "*api/activity*", "*api/presence*", "*api/customers?*");
        browser.navigate().refresh();
        ui.waitFor(d -> "error".equals(state("activity-empty")) && "error".equals(state("presence-empty")));
        assertTrue(browser.findElement(By.id("activity-empty")).getText().startsWith("Could not load the activity"));
        assertTrue(browser.findElement(By.id("presence-empty")).getText().startsWith("Could not load who is online"));
        ui.waitFor(d -> messageRow("customers-body", "error") != null);
        assertTrue(messageRow("customers-body", "error").startsWith("Customers could not be loaded"));

        ui.network(0);
        for (String panel : List.of("#activity-empty", "#presence-empty", "#customers-body tr.message-row")) {
            WebElement retry = browser.findElement(By.cssSelector(panel + " button.retry"));
            assertEquals("Try again", retry.getText());
            retry.click();
        }
        ui.waitFor(d -> "ready".equals(state("activity-empty")) && "empty".equals(state("presence-empty")));
        ui.waitFor(d -> !d.findElements(By.cssSelector("#customers-body tr[data-id]")).isEmpty()
                || messageRow("customers-body", "empty") != null);
    }

    /**
     * Each panel and list asks the API once per page load: its first fetch waits for the stream to be live instead
     * of going out once before it and again when it connects. Counted from the page's resource timings once the
     * stream is live and the wait for it (1.5 s) is over, when a second fetch would have gone out.
     */
    @Test
    void eachPanelAndListIsFetchedOncePerPageLoad() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        browser.navigate().refresh();
        assertEquals(Map.of("api/presence", 1L, "api/activity", 1L, "api/customers", 1L, "api/users", 1L),
                fetchesOnceSettled(List.of("api/presence", "api/activity", "api/customers", "api/users")));

        String customer = Fixtures.customer(root, "Once Only Homes").get("id").asText();
        String owner = Fixtures.customerUser(root, customer, "OWNER").get("email").asText();
        ui.in(ui.freshTabs(1).get(0)).signIn(owner, Fixtures.PASSWORD);
        browser.navigate().refresh();
        List<String> paths = List.of("api/presence", "api/activity", "api/account", "api/properties",
                "api/payments", "api/maintenance", "api/notifications");
        assertEquals(paths.stream().collect(Collectors.toMap(p -> p, p -> 1L)),
                fetchesOnceSettled(paths));
    }

    /** How often the page asked for each of {@code paths} (queries aside), once the stream is live and 2.5 s on. */
    private static Map<String, Long> fetchesOnceSettled(List<String> paths) {
        ui.waitUntilLive();
        ui.waitFor(d -> ((Number) ui.js("return performance.now();")).doubleValue() > 2500
                && !"loading".equals(state("activity-empty")) && !"loading".equals(state("presence-empty")));
        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) ui.js("return performance.getEntriesByType('resource')"
                + ".map((e) => new URL(e.name).pathname.replace(/^.*?\\/api\\//, 'api/'));");
        return paths.stream().collect(Collectors.toMap(p -> p,
                p -> fetched.stream().filter(p::equals).count()));
    }

    /** The states one panel passed through, in order, without repeats (a state set again is no change). */
    private static List<String> statesOf(List<String> seen, String panel) {
        List<String> states = new java.util.ArrayList<>();
        for (String s : seen) {
            String state = s.substring(s.indexOf(':') + 1);
            if (s.startsWith(panel + ":") && (states.isEmpty() || !states.get(states.size() - 1).equals(state))) {
                states.add(state);
            }
        }
        return states;
    }

    private static String state(String id) {
        return browser.findElement(By.id(id)).getDomAttribute("data-state");
    }

    /** The text of the list's message row in {@code state} (loading, empty, error), or null. */
    private static String messageRow(String tbody, String state) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#" + tbody + " tr.message-row[data-state='"
                + state + "']"));
        return rows.isEmpty() ? null : rows.get(0).getText();
    }
}
