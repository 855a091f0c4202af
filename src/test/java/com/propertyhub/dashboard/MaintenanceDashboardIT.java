package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** Maintenance on the account dashboards: a tenant's request reaches the manager live, and back. */
class MaintenanceDashboardIT extends DashboardTest {

    @Test
    void tenantOpensARequest_managerSeesItLive_andTheStatusChangeReachesTheTenant() {
        String customer = Fixtures.customer(root, "Harbour Homes").get("id").asText();
        JsonNode manager = Fixtures.customerUser(root, customer, "MANAGER");
        JsonNode tenant = Fixtures.customerUser(root, customer, "TENANT");
        List<String> tabs = ui.freshTabs(2);
        String managerTab = tabs.get(0);
        String tenantTab = tabs.get(1);
        ui.in(managerTab).signIn(manager.get("email").asText(), Fixtures.PASSWORD);
        ui.waitFor(d -> d.findElement(By.id("maintenance-title")).isDisplayed());
        ui.waitFor(d -> d.findElement(By.id("notifications-bell")).isDisplayed());
        ui.in(tenantTab).signIn(tenant.get("email").asText(), Fixtures.PASSWORD);
        ui.waitForText("maintenance-title", "Your requests");

        ui.type("maintenance-field-title", "Boiler makes noise");
        ui.type("maintenance-field-description", "Loud banging every morning");
        browser.findElement(By.cssSelector("#maintenance-form button[type=submit]")).click();
        String id = ui.attribute(By.cssSelector("#maintenance-rows tr[data-id]"), "data-id");

        ui.in(managerTab);
        assertEquals("Boiler makes noise", ui.textInRow("maintenance-rows", id, ".maintenance-open"));
        ui.waitForToast("New maintenance request Boiler makes noise");
        ui.waitForText("notifications-unread", "1");
        browser.findElement(By.id("notifications-bell")).click();
        ui.waitFor(d -> d.findElement(By.cssSelector("#notifications-list .notification.unread .notification-title"))
                .getText().equals("New maintenance request: Boiler makes noise"));
        ui.screenshot("maintenance-manager");
        browser.findElement(By.id("notifications-bell")).click();

        ui.inRow("maintenance-rows", id, r -> {
            new Select(r.findElement(By.cssSelector(".maintenance-status"))).selectByValue("in_progress");
            return true;
        });

        ui.in(tenantTab);
        ui.waitFor(d -> ui.rowText("maintenance-rows", id).contains("In progress"));
        ui.waitForToast("Request Boiler makes noise is now in progress");
        ui.waitForText("notifications-unread", "1");
        ui.screenshot("maintenance-tenant");
    }

    @Test
    void theThreadShowsWhoIsTypingAndNewCommentsLive() {
        String customer = Fixtures.customer(root, "Quayside Lets").get("id").asText();
        JsonNode manager = Fixtures.customerUser(root, customer, "MANAGER");
        JsonNode tenant = Fixtures.customerUser(root, customer, "TENANT");
        String id = Fixtures.expect(Fixtures.loginAs(root, tenant).post("/api/maintenance",
                java.util.Map.of("title", "Damp wall", "description", "Bedroom wall is damp")), 201).json().get("id")
                .asText();
        List<String> tabs = ui.freshTabs(2);
        String managerTab = tabs.get(0);
        String tenantTab = tabs.get(1);
        ui.in(managerTab).signIn(manager.get("email").asText(), Fixtures.PASSWORD);
        ui.clickInRow("maintenance-rows", id, ".maintenance-open");
        ui.waitForText("maintenance-detail-title", "Damp wall");
        ui.in(tenantTab).signIn(tenant.get("email").asText(), Fixtures.PASSWORD);
        ui.clickInRow("maintenance-rows", id, ".maintenance-open");
        ui.waitForText("maintenance-detail-title", "Damp wall");
        browser.findElement(By.id("maintenance-comment")).sendKeys("It is getting worse");

        ui.in(managerTab);
        ui.waitForText("maintenance-typing", tenant.get("name").asText() + " is typing\u2026");

        ui.in(tenantTab);
        browser.findElement(By.cssSelector("#maintenance-comment-form button[type=submit]")).click();
        ui.in(managerTab);
        ui.waitFor(d -> d.findElement(By.id("maintenance-comments")).getText().contains("It is getting worse"));
        ui.waitForText("notifications-unread", "2");
    }

    @Test
    void aLiveChangeToOneRequestLeavesTheOtherRowsAndTheFocusedControlAlone() {
        String customer = Fixtures.customer(root, "Steady Rows Ltd").get("id").asText();
        JsonNode manager = Fixtures.customerUser(root, customer, "MANAGER");
        ApiClient tenant = Fixtures.loginAs(root, Fixtures.customerUser(root, customer, "TENANT"));
        String first = Fixtures.expect(tenant.post("/api/maintenance",
                java.util.Map.of("title", "Leaky tap", "description", "Kitchen tap drips")), 201).json().get("id")
                .asText();
        ui.in(ui.freshTabs(1).get(0)).signIn(manager.get("email").asText(), Fixtures.PASSWORD);
        ui.row("maintenance-rows", first);
        // A second request arrives live: from here on the list has settled (loaded, managers known).
        String second = Fixtures.expect(tenant.post("/api/maintenance",
                java.util.Map.of("title", "Broken blind", "description", "Bedroom blind is stuck")), 201).json()
                .get("id").asText();
        ui.row("maintenance-rows", second);
        WebElement firstStatus = ui.row("maintenance-rows", first).findElement(By.cssSelector(".maintenance-status"));
        ui.js("arguments[0].focus()", firstStatus);

        Fixtures.expect(Fixtures.loginAs(root, manager).patch("/api/maintenance/" + second,
                java.util.Map.of("status", "in_progress")), 200);
        ui.waitFor(d -> "in_progress".equals(new Select(ui.row("maintenance-rows", second)
                .findElement(By.cssSelector(".maintenance-status"))).getFirstSelectedOption().getAttribute("value")));
        // The same element, still in the page (a rebuilt row would make it stale) and still focused.
        assertEquals("open", new Select(firstStatus).getFirstSelectedOption().getAttribute("value"));
        assertEquals(firstStatus, browser.switchTo().activeElement());
    }
}
