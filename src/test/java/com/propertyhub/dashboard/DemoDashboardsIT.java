package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.NodeTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The demo data's dashboards as its people see them: the tenant's page shows only what is theirs, and each
 * dashboard (admin, owner, manager, tenant) is saved as a screenshot at 1400 and 390 px under target/screenshots.
 */
@NodeTest.NodeSettings("DEMO_DATA=true")
class DemoDashboardsIT extends DashboardTest {
    static final String PASSWORD = "demo1234";
    static final String TENANT = "tenant@sunset.example";

    @AfterEach
    void wideAgain() {
        browser.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    void theDemoTenantSeesTheirHomePaymentsRequestsAndNotificationsOnly() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TENANT, PASSWORD);
        ui.waitForText("home-name", "Sunset Towers");
        ui.waitForText("account-updated", "Your home is managed by Sunset Properties.");
        assertEquals("Tenant dashboard", browser.findElement(By.id("dashboard-kind")).getDomProperty("textContent"));
        assertEquals("Welcome, Tenant of Sunset Properties", ui.text("account-title"));

        // Not the owner's settings, the customer's counts or subscription, who else is online, or the activity feed
        // (hidden, or not on the page at all).
        for (String hidden : List.of("account-cards", "edit-account", "presence-panel", "activity-panel")) {
            assertFalse(browser.findElements(By.id(hidden)).stream().anyMatch(WebElement::isDisplayed),
                    hidden + " is shown to a tenant");
        }
        String page = browser.findElement(By.id("main")).getText();
        for (String text : List.of("Received this month", "Payments this month", "Account settings", "At a glance",
                "Online now", "Monthly price")) {
            assertFalse(page.contains(text), "a tenant sees \"" + text + "\"");
        }
        List<String> paymentColumns = browser.findElements(By.cssSelector("#payments-table thead th")).stream()
                .map(th -> th.getDomProperty("textContent")).toList();
        assertEquals(List.of("Property", "Month", "Amount", "Paid", "Note"), paymentColumns);
        assertTrue(browser.findElement(By.id("notifications-view")).isDisplayed(), "the tenant's notifications");
        assertEquals("Your notifications", ui.text("notifications-view-title"));

        // A request with a description of several lines, typed in a real multi-line field.
        WebElement details = browser.findElement(By.id("maintenance-field-description"));
        assertEquals("textarea", details.getTagName());
        ui.type("maintenance-field-title", "Window will not close");
        details.sendKeys("The bedroom window sticks.\nIt lets the rain in.");
        browser.findElement(By.cssSelector("#maintenance-form button[type=submit]")).click();
        String id = ui.attribute(By.cssSelector("#maintenance-rows tr[data-id]"), "data-id");
        ApiClient tenant = new ApiClient(node.baseUrl()).login(TENANT, PASSWORD);
        JsonNode request = tenant.get("/api/maintenance/" + id).json();
        assertEquals("The bedroom window sticks.\nIt lets the rain in.", request.get("description").asText());

        // The tenant's page asks only for what is theirs (the server refuses the rest: nothing is loosened).
        @SuppressWarnings("unchecked")
        List<String> asked = (List<String>) ui.js("return performance.getEntriesByType('resource')"
                + ".map(e => new URL(e.name).pathname).filter(p => p.includes('/api/'));");
        for (String path : asked) {
            assertFalse(path.endsWith("/api/presence") || path.endsWith("/api/activity")
                    || path.endsWith("/api/payments/totals") || path.endsWith("/api/account/users"),
                    "the tenant page asked for " + path);
        }
        assertEquals(403, tenant.get("/api/account/users").status());
    }

    @Test
    void everyDashboardAtDesktopAndPhoneWidths() {
        record Shot(String name, String email, String readyElement) {
        }
        List<Shot> shots = List.of(
                new Shot("admin", "superadmin@propertyhub.local", "customers-body"),
                new Shot("owner", "owner@sunset.example", "properties-body"),
                new Shot("manager", "manager@sunset.example", "properties-body"),
                new Shot("tenant", TENANT, "home-name"));
        for (Shot shot : shots) {
            for (Dimension size : List.of(new Dimension(1400, 1000), new Dimension(390, 844))) {
                browser.manage().window().setSize(size);
                ui.in(ui.freshTabs(1).get(0)).signIn(shot.email(), PASSWORD);
                if ("home-name".equals(shot.readyElement())) {
                    ui.waitForText("home-name", "Sunset Towers");
                } else {
                    ui.waitFor(d -> !d.findElements(By.cssSelector("#" + shot.readyElement() + " tr[data-id]"))
                            .isEmpty());
                }
                if (!"admin".equals(shot.name())) {
                    ui.waitFor(d -> d.findElement(By.id("maintenance-title")).isDisplayed());
                }
                assertTrue(((Number) ui.js("return document.documentElement.scrollWidth - innerWidth;"))
                        .intValue() <= 0,
                        shot.name() + " scrolls sideways at " + size);
                assertTrue(ui.screenshot(shot.name() + "-dashboard-" + size.getWidth()).toFile().length() > 10_000);
            }
        }
    }
}
