package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The owner, manager and tenant dashboards: their customer's account, live. */
class AccountDashboardIT extends DashboardTest {

    @Test
    void ownerEditsAccountSettings_managerAndAdminSeeItLive() {
        String customer = Fixtures.customer(root, "Riverside Rentals").get("id").asText();
        JsonNode owner = Fixtures.customerUser(root, customer, "OWNER");
        JsonNode manager = Fixtures.customerUser(root, customer, "MANAGER");
        List<String> tabs = ui.freshTabs(3);
        String ownerTab = tabs.get(0);
        String managerTab = tabs.get(1);
        String adminTab = tabs.get(2);
        ui.in(adminTab).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.row("customers-body", customer);
        ui.in(managerTab).signIn(manager.get("email").asText(), Fixtures.PASSWORD);
        ui.waitForText("account-company", "Riverside Rentals");
        assertFalse(browser.findElement(By.id("edit-account")).isDisplayed(), "a manager cannot edit the account");
        assertEquals("Manager dashboard", browser.findElement(By.id("dashboard-kind")).getDomProperty("textContent"));
        ui.screenshot("manager-dashboard");
        ui.in(ownerTab).signIn(owner.get("email").asText(), Fixtures.PASSWORD);
        ui.waitForText("account-company", "Riverside Rentals");

        browser.findElement(By.id("edit-account")).click();
        ui.type("account-field-email", "not an email");
        ui.clickInDialog("account-dialog", "Save");
        WebElement error = ui.waitFor(d -> {
            WebElement e = d.findElement(By.id("account-field-email-error"));
            return e.isDisplayed() ? e : null;
        });
        assertEquals("Email must be an email address", error.getText());
        ui.type("account-field-email", "hello@riverside.example");
        ui.type("account-field-company", "Riverside Rentals & Co");
        ui.type("account-field-phone", "+1 555 0142");
        ui.clickInDialog("account-dialog", "Save");
        ui.waitForDialogClosed("account-dialog");
        ui.waitForText("account-company", "Riverside Rentals & Co");
        ui.waitForText("account-email", "hello@riverside.example");

        ui.in(managerTab).waitForText("account-company", "Riverside Rentals & Co");
        ui.waitForText("account-phone", "+1 555 0142");
        ui.waitForToast("Your account information was updated");
        ui.in(adminTab).waitForRowTitle("customers-body", customer, "Riverside Rentals & Co");
        ui.waitForToast("Customer Riverside Rentals & Co was updated");
    }

    @Test
    void tenantPageNeverShowsAdminToasts() {
        String customer = Fixtures.customer(root, "Tenant Towers").get("id").asText();
        JsonNode tenant = Fixtures.customerUser(root, customer, "TENANT");
        ui.in(ui.freshTabs(1).get(0)).signIn(tenant.get("email").asText(), Fixtures.PASSWORD);
        ui.waitForText("account-updated", "Your home is managed by Tenant Towers.");
        assertEquals("Tenant dashboard", browser.findElement(By.id("dashboard-kind")).getDomProperty("textContent"));
        assertFalse(browser.findElement(By.id("edit-account")).isDisplayed());
        ui.recordToasts();

        // Everything admins hear about, none of it this tenant's business.
        String other = Fixtures.customer(root, "Somebody Else Ltd").get("id").asText();
        Fixtures.expect(root.patch("/api/customers/" + other, Map.of("company", "Somebody Else Group")), 200);
        Fixtures.expect(root.delete("/api/customers/" + other), 204);
        JsonNode staff = Fixtures.staff(root, "SUPPORT");
        Fixtures.expect(root.patch("/api/users/" + staff.get("id").asText(), Map.of("department", "Elsewhere")), 200);
        Fixtures.expect(root.delete("/api/users/" + staff.get("id").asText()), 204);
        // Then a change to the tenant's own customer: events arrive in order, so once this one is shown, any
        // earlier admin event would have been too. The customer's settings are not a tenant's business either.
        Fixtures.expect(root.patch("/api/customers/" + customer, Map.of("company", "Tenant Towers Ltd")), 200);

        ui.waitForText("account-updated", "Your home is managed by Tenant Towers Ltd.");
        List<String> seen = ui.recordedToasts();
        assertEquals(List.of(), seen);
        ui.screenshot("tenant-dashboard");
    }

    @Test
    void customerSideUsersCannotOpenTheAdminDashboard() {
        String customer = Fixtures.customer(root, "Curious Cabins").get("id").asText();
        JsonNode tenant = Fixtures.customerUser(root, customer, "TENANT");
        ui.in(ui.freshTabs(1).get(0)).signIn(tenant.get("email").asText(), Fixtures.PASSWORD);
        browser.get(ui.url("/admin.html"));
        ui.waitFor(d -> d.getCurrentUrl().endsWith("/account.html"));
        ui.waitForText("account-updated", "Your home is managed by Curious Cabins.");
        assertTrue(browser.findElements(By.id("customers-body")).isEmpty());
    }

    @Test
    void signingOutEndsTheSessionOnTheServerAndInTheUsersOtherTabs() {
        String customer = Fixtures.customer(root, "Signed Out Suites").get("id").asText();
        JsonNode owner = Fixtures.customerUser(root, customer, "OWNER");
        List<String> tabs = ui.freshTabs(2);
        ui.in(tabs.get(1)).signIn(owner.get("email").asText(), Fixtures.PASSWORD);
        ui.in(tabs.get(0)).signIn(owner.get("email").asText(), Fixtures.PASSWORD);
        String token = (String) ui.js("return JSON.parse(localStorage.getItem('propertyhub.session')).token;");
        assertEquals(200, node.api().as(token).get("/api/account").status());

        browser.findElement(By.id("logout")).click();

        ui.waitFor(d -> d.getCurrentUrl().endsWith("/index.html?reason=signed-out"));
        assertEquals("token_revoked", node.api().as(token).get("/api/account").errorCode(),
                "the token of the signed-out tab is refused by the server");
        // The other tab has an origin of its own (as another browser would): the server ended its session too.
        ui.in(tabs.get(1)).waitFor(d -> d.getCurrentUrl().endsWith("/index.html?reason=revoked"));
    }

    @Test
    void notificationLinksOnlyLeadToPagesOfThisApp() {
        String customer = Fixtures.customer(root, "Linked Lofts").get("id").asText();
        JsonNode tenant = Fixtures.customerUser(root, customer, "TENANT");
        ui.in(ui.freshTabs(1).get(0)).signIn(tenant.get("email").asText(), Fixtures.PASSWORD);
        String base = (String) ui.js("return new URL('./', location.href).href;");
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("account.html#maintenance/0b7f3c9e-5d1a-4c2b-9e8f-1a2b3c4d5e6f",
                base + "account.html#maintenance/0b7f3c9e-5d1a-4c2b-9e8f-1a2b3c4d5e6f");
        expected.put("index.html?expired=1", base + "index.html?expired=1");
        for (String evil : List.of("//evil.example/x", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
                "HTTP://evil.example", "java" + "script:alert(1)", " java" + "script:alert(1)", "java\tscript:alert(1)",
                "data:text/html,x", "/account.html", "")) {
            expected.put(evil, null);
        }
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Object got = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "import('./js/ui.js')"
                            + ".then((m) => done(m.appLink(arguments[0])), (err) => done('failed: ' + err));",
                    e.getKey());
            assertEquals(e.getValue(), got, "appLink(" + e.getKey() + ")");
        }
    }
}
