package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The Properties and Payments panels of the owner, manager and tenant dashboards, live across tabs. */
class PropertiesDashboardIT extends DashboardTest {
    static JsonNode owner;
    static JsonNode manager;
    static JsonNode tenant;

    @BeforeAll
    static void createFixtures() {
        String customer = Fixtures.customer(root, "Lakeside Lettings").get("id").asText();
        owner = Fixtures.customerUser(root, customer, "OWNER");
        manager = Fixtures.customerUser(root, customer, "MANAGER");
        tenant = Fixtures.customerUser(root, customer, "TENANT");
        ApiClient ownerApi = Fixtures.loginAs(root, owner);
        String home = Fixtures.expect(ownerApi.post("/api/properties",
                Map.of("name", "Lakeside Cottage", "address", "2 Shore Road", "units", 1)), 201).json().get("id")
                .asText();
        Fixtures.expect(ownerApi.put("/api/properties/" + home + "/tenants/" + tenant.get("id").asText(),
                Map.of()), 200);
    }

    @Test
    void managerAddsAProperty_ownerSeesItLiveWithAToast() {
        List<String> tabs = ui.freshTabs(2);
        String ownerTab = tabs.get(0);
        String managerTab = tabs.get(1);
        ui.in(ownerTab).signIn(owner.get("email").asText(), Fixtures.PASSWORD);
        ui.waitFor(d -> !propertyRow("Lakeside Cottage").isEmpty());
        ui.recordToasts();

        ui.in(managerTab).signIn(manager.get("email").asText(), Fixtures.PASSWORD);
        ui.waitFor(d -> !propertyRow("Lakeside Cottage").isEmpty());
        browser.findElement(By.id("new-property")).click();
        ui.type("property-field-name", "Lakeside Villas");
        ui.type("property-field-address", "9 Lake Drive");
        ui.type("property-field-units", "14");
        ui.clickInDialog("property-dialog", "Save");
        ui.waitForDialogClosed("property-dialog");
        ui.waitFor(d -> !propertyRow("Lakeside Villas").isEmpty());

        ui.in(ownerTab);
        String row = ui.waitFor(d -> propertyRow("Lakeside Villas").stream().findFirst().map(WebElement::getText)
                .orElse(null));
        assertTrue(row.contains("9 Lake Drive"), row);
        ui.waitFor(d -> ui.recordedToasts().contains("New property Lakeside Villas was added"));
        ui.screenshot("owner-properties");
    }

    @Test
    void tenantRecordsAPayment_managerSeesItLive() {
        List<String> tabs = ui.freshTabs(2);
        String managerTab = tabs.get(0);
        String tenantTab = tabs.get(1);
        ui.in(managerTab).signIn(manager.get("email").asText(), Fixtures.PASSWORD);
        ui.waitFor(d -> !d.findElement(By.id("payments-month-total")).getText().equals("–"));
        ui.recordToasts();

        ui.in(tenantTab).signIn(tenant.get("email").asText(), Fixtures.PASSWORD);
        ui.waitForText("home-name", "Lakeside Cottage");
        browser.findElement(By.id("new-payment")).click();
        ui.type("payment-field-amount", "-5");
        ui.clickInDialog("payment-dialog", "Save");
        ui.waitFor(d -> d.findElement(By.id("payment-field-amount-error")).isDisplayed());
        ui.type("payment-field-amount", "950");
        ui.type("payment-field-note", "Rent");
        ui.clickInDialog("payment-dialog", "Save");
        ui.waitForDialogClosed("payment-dialog");
        ui.waitFor(d -> paymentRows().stream().anyMatch(r -> r.getText().contains("$950.00")));

        ui.in(managerTab);
        ui.waitFor(d -> paymentRows().stream().anyMatch(r -> r.getText().contains("$950.00")
                && r.getText().contains("Lakeside Cottage")));
        ui.waitFor(d -> ui.recordedToasts().contains("Payment of $950.00 received"));
        ui.waitForText("payments-month-total", "$950.00");
        ui.screenshot("manager-payments");
    }

    @Test
    void ownerMovesATenantIn_tenantsHomeChangesLive() {
        JsonNode newcomer = Fixtures.customerUser(root, owner.get("customerId").asText(), "TENANT");
        List<String> tabs = ui.freshTabs(2);
        String tenantTab = tabs.get(0);
        String ownerTab = tabs.get(1);
        ui.in(tenantTab).signIn(newcomer.get("email").asText(), Fixtures.PASSWORD);
        ui.waitForText("home-name", "You do not rent a property here yet.");

        ui.in(ownerTab).signIn(owner.get("email").asText(), Fixtures.PASSWORD);
        ui.waitFor(d -> propertyRow("Lakeside Cottage").stream().findFirst().map(r -> {
            r.findElement(By.cssSelector("button.tenants")).click();
            return true;
        }).orElse(null));
        ui.waitFor(d -> d.findElement(By.cssSelector("dialog#tenants-dialog[open]")));
        String newcomerId = newcomer.get("id").asText();
        ui.waitFor(d -> !d.findElements(By.cssSelector("#tenant-field-user option[value='" + newcomerId + "']"))
                .isEmpty());
        new Select(browser.findElement(By.id("tenant-field-user"))).selectByValue(newcomerId);
        ui.clickInDialog("tenants-dialog", "Move in");
        ui.waitFor(d -> !d.findElements(By.cssSelector("#tenants-list li[data-id='" + newcomerId + "']")).isEmpty());
        ui.clickInDialog("tenants-dialog", "Close");

        ui.in(tenantTab).waitForText("home-name", "Lakeside Cottage");
        ui.waitForText("home-address", "2 Shore Road");
    }

    private static List<WebElement> propertyRow(String name) {
        return browser.findElements(By.cssSelector("#properties-body tr[data-id]")).stream()
                .filter(r -> r.findElement(By.tagName("th")).getText().equals(name)).toList();
    }

    private static List<WebElement> paymentRows() {
        return browser.findElements(By.cssSelector("#payments-body tr[data-id]"));
    }
}
