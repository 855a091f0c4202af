package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.presence.PresenceIT;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The "Online now" and "Activity" panels: an owner signing in shows up live on the admin dashboard, and leaves.
 * The node keeps the default heartbeat (25 s): a page going away ends its stream itself (DELETE
 * /api/events/{id}), so leaving shows within the grace and a sweep, not when a later write to the page fails.
 */
@NodeTest.NodeSettings("PRESENCE_GRACE=2s")
class PresenceDashboardIT extends DashboardTest {
    private static final Duration GRACE = Duration.ofSeconds(2);

    private static List<WebElement> online(String userId) {
        return browser.findElements(By.cssSelector("#presence-list li[data-user-id='" + userId + "']"));
    }

    @Test
    void ownerSigningInAppearsOnTheAdminsOnlineNowAndLeavesAfterTheGrace() {
        String customer = Fixtures.customer(root, "Harbour Homes").get("id").asText();
        JsonNode owner = Fixtures.customerUser(root, customer, "OWNER");
        String ownerId = owner.get("id").asText();
        List<String> tabs = ui.freshTabs(2);
        String adminTab = tabs.get(0);
        String ownerTab = tabs.get(1);
        ui.in(adminTab).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        String adminId = root.get("/api/auth/me").json().get("id").asText();
        ui.waitFor(d -> !online(adminId).isEmpty());
        assertTrue(online(ownerId).isEmpty());

        ui.in(ownerTab).signIn(owner.get("email").asText(), Fixtures.PASSWORD);
        ui.waitFor(d -> !online(ownerId).isEmpty());
        assertTrue(online(adminId).isEmpty(), "an owner sees only their customer's users");

        ui.in(adminTab).waitFor(d -> !online(ownerId).isEmpty());
        assertTrue(online(ownerId).get(0).getText().contains("OWNER person"));
        ui.waitFor(d -> d.findElements(By.cssSelector("#activity-list li[data-event='presence:joined']")).stream()
                .anyMatch(li -> li.getText().contains("OWNER person")));
        ui.screenshot("presence-admin-dashboard");

        // A reload is not leaving: once every presence decision due after it has been made (a probe user came
        // and went, and the admin's panel has shown that), the owner is still online.
        try (SseClient watch = root.stream()) {
            watch.await("ready", Duration.ofSeconds(10));
            ui.in(ownerTab);
            browser.navigate().refresh();
            ui.waitUntilLive();
            PresenceIT.settle(node, root, watch);
            assertTrue(PresenceIT.presenceOf(watch, "presence:left", ownerId).isEmpty(), "no left for a reload");
        }
        ui.in(adminTab);
        ui.waitFor(d -> d.findElements(By.cssSelector("#activity-list li[data-event='presence:left']")).stream()
                .anyMatch(li -> li.getText().contains("Staff SUPPORT")));
        assertFalse(online(ownerId).isEmpty(), "the owner stays online across a reload");

        // Navigating away is leaving, once the grace is over.
        ui.in(ownerTab);
        long leftAt = System.nanoTime();
        browser.get("about:blank");
        ui.in(adminTab);
        ui.waitFor(d -> online(ownerId).isEmpty());
        Duration gone = Duration.ofNanos(System.nanoTime() - leftAt);
        assertTrue(gone.compareTo(GRACE) >= 0, "gone " + gone.toMillis() + " ms after leaving, before the grace");
        ui.waitFor(d -> d.findElements(By.cssSelector("#activity-list li[data-event='presence:left']")).stream()
                .anyMatch(li -> li.getText().contains("OWNER person")));
        assertFalse(online(adminId).isEmpty(), "the admin is still online");
    }
}
