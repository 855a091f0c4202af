package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/** The Activity panel in a real browser: who did what, as each reader may see it, and presence churn coalesced. */
class ActivityFeedIT extends DashboardTest {

    @Test
    void theFeedNamesWhoChangedWhatAndACustomerUserSeesStaffOnlyAsPropertyHubSupport() {
        JsonNode customer = Fixtures.customer(root, "Sunset Feed Properties");
        JsonNode owner = Fixtures.customerUser(root, customer.get("id").asText(), "OWNER");
        JsonNode me = Fixtures.expect(root.get("/api/auth/me"), 200).json();
        List<String> tabs = ui.freshTabs(2);
        ui.in(tabs.get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.in(tabs.get(1)).signIn(owner.get("email").asText(), Fixtures.PASSWORD);

        Fixtures.expect(root.patch("/api/customers/" + customer.get("id").asText(),
                Map.of("plan", Map.of("name", "Starter", "monthlyPrice", 49))), 200);

        String staffSees = me.get("name").asText() + " updated Sunset Feed Properties: plan Professional → Starter,"
                + " price $199.00 → $49.00";
        ui.in(tabs.get(0)).waitFor(d -> entries("customer:updated").contains(staffSees));
        String ownerSees =
                "PropertyHub support updated your account: plan Professional → Starter, price $199.00 → $49.00";
        ui.in(tabs.get(1)).waitFor(d -> entries("account:updated").contains(ownerSees));
        // Nothing on the owner's page names the staff member: not the feed, not any other panel.
        browser.navigate().refresh();
        ui.waitFor(d -> entries("account:updated").contains(ownerSees));
        String page = browser.findElement(By.tagName("body")).getText();
        for (String secret : List.of(me.get("name").asText(), me.get("email").asText())) {
            assertFalse(page.contains(secret), () -> "the owner's page names staff (" + secret + "):\n" + page);
        }

        // The owner's own change is named for the admin.
        Fixtures.expect(Fixtures.loginAs(root, owner).put("/api/account", Map.of("company", "Sunset Feed Homes",
                "owner", "Olga Owner", "email", "olga-feed@sunset.example")), 200);
        ui.in(tabs.get(0)).waitFor(d -> entries("customer:updated").stream().anyMatch(t -> t.startsWith(
                "OWNER person updated Sunset Feed Homes: company Sunset Feed Properties → Sunset Feed Homes, owner ")));
    }

    @Test
    void presenceChurnOfOneUserWithinTwoMinutesIsOneLine() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        Object kept = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " const at = (s) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();"
                        + " const p = (id, event, user, s) =>"
                        + " ({ id, event, data: { user: { id: user } }, createdAt: at(s) });"
                        + " import('./js/activity.js').then((m) => done(m.coalescePresence(["
                        + "   p('9', 'presence:left', 'u1', 50), p('8', 'presence:joined', 'u1', 40),"
                        + "   { id: '7', event: 'customer:created', data: {}, createdAt: at(35) },"
                        + "   p('6', 'presence:left', 'u1', 30), p('5', 'presence:joined', 'u2', 20),"
                        + "   p('4', 'presence:joined', 'u1', -200),"
                        + " ]).map((e) => e.id)), (e) => done(String(e)));");
        // u1's comings and goings within two minutes of each other are its newest state; u2 and an hour-old one stay.
        assertEquals(List.of("9", "7", "5", "4"), kept);
    }

    private static List<String> entries(String event) {
        return browser.findElements(By.cssSelector("#activity-list li[data-event='" + event + "'] .activity-text"))
                .stream().map(WebElement::getText).toList();
    }
}
