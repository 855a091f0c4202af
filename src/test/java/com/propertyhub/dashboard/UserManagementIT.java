package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** User management (internal staff) in a real browser: the design note's scenario 4 and the write controls. */
class UserManagementIT extends DashboardTest {

    @BeforeAll
    static void createFixtures() {
        staff("Alan Admin", "alan@propertyhub.test", "ADMIN");
        staff("Sue Support", "sue@propertyhub.test", "SUPPORT");
    }

    @Test
    void scenario4_adminChangesUserRoleFromSuperAdminToSupport_bothTabsShowItAndTheCountStays() {
        String id = staff("Grace Hopper", "grace@propertyhub.test", "SUPER_ADMIN").get("id").asText();
        List<String> tabs = ui.freshTabs(2);
        String tab1 = tabs.get(0);
        String tab2 = tabs.get(1);
        // Both tabs show the User Management page.
        ui.in(tab2).signInToUsers(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        assertEquals("Super admin", roleOf(id));
        int count2 = ui.loadedNumber("count-users");
        ui.in(tab1).signInToUsers(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        int count1 = ui.loadedNumber("count-users");

        // Tab 1: find the internal admin user, edit, change the role from "Super admin" to "Support", Save.
        ui.clickInRow("users-body", id, "button.edit");
        assertEquals("Super admin", new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("user-role")))
                .getFirstSelectedOption().getText());
        ui.select("user-role", "Support");
        ui.clickInDialog("user-dialog", "Save");
        ui.waitForDialogClosed("user-dialog");

        // Tab 1 and tab 2: the list shows the new role, tab 2 with a toast; the user count is unchanged.
        ui.waitFor(d -> "Support".equals(roleOf(id)));
        assertEquals(count1, ui.number("count-users"));
        ui.in(tab2).waitFor(d -> "Support".equals(roleOf(id)));
        ui.waitForToast("User Grace Hopper was updated");
        assertEquals(count2, ui.number("count-users"));
        assertEquals("SUPPORT", root.get("/api/users/" + id).json().get("role").asText());
    }

    @Test
    void superAdminCreatesDeactivatesAndDeletesUser_otherTabFollows() {
        List<String> tabs = ui.freshTabs(2);
        String actor = tabs.get(0);
        String watcher = tabs.get(1);
        ui.in(watcher).signInToUsers("alan@propertyhub.test", Fixtures.PASSWORD);
        int before = ui.loadedNumber("count-users");
        ui.in(actor).signInToUsers(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);

        browser.findElement(By.id("new-user")).click();
        ui.type("user-name", "Katherine Johnson");
        ui.type("user-email", "katherine@propertyhub.test");
        ui.type("user-password", "short");
        ui.select("user-role", "Admin");
        ui.type("user-department", "Flight Research");
        ui.clickInDialog("user-dialog", "Save");
        // A too-short password is refused by the server and shown next to the field.
        WebElement error = ui.waitFor(d -> {
            WebElement e = d.findElement(By.id("user-password-error"));
            return e.isDisplayed() ? e : null;
        });
        assertTrue(error.getText().startsWith("Password"), error.getText());
        ui.type("user-password", "long-enough-password");
        ui.clickInDialog("user-dialog", "Save");
        ui.waitForDialogClosed("user-dialog");
        String id = userId("katherine@propertyhub.test");

        ui.in(watcher).waitForRowTitle("users-body", id, "Katherine Johnson");
        ui.waitForToast("New user Katherine Johnson was added");
        ui.waitFor(d -> ui.number("count-users") == before + 1);

        ui.in(actor).clickInRow("users-body", id, "button.toggle-active");
        ui.in(watcher).waitFor(d -> "Inactive".equals(ui.textInRow("users-body", id, "[data-col=status]")));
        ui.waitForToast("User Katherine Johnson was updated");

        ui.in(actor).clickInRow("users-body", id, "button.delete");
        ui.confirm("Delete user");
        ui.waitForNoRow("users-body", id);
        ui.in(watcher).waitForNoRow("users-body", id);
        ui.waitForToast("A user was deleted");
        ui.waitFor(d -> ui.number("count-users") == before);
    }

    @Test
    void onlySuperAdminSeesWriteControls() {
        List<String> tabs = ui.freshTabs(3);
        ui.in(tabs.get(0)).signInToUsers(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.waitFor(d -> !d.findElements(By.cssSelector("#users-body button.edit")).isEmpty());
        assertTrue(browser.findElement(By.id("new-user")).isDisplayed());
        ui.screenshot("admin-users");

        ui.in(tabs.get(1)).signInToUsers("alan@propertyhub.test", Fixtures.PASSWORD);
        ui.waitFor(d -> d.findElements(By.cssSelector("#users-body tr[data-id]")).size() >= 3);
        assertNoVisibleUserControls();
        // An ADMIN still manages customers.
        browser.findElement(By.id("tab-customers")).click();
        ui.waitFor(d -> d.findElement(By.id("new-customer")).isDisplayed());

        ui.in(tabs.get(2)).signInToUsers("sue@propertyhub.test", Fixtures.PASSWORD);
        ui.waitFor(d -> d.findElements(By.cssSelector("#users-body tr[data-id]")).size() >= 3);
        assertNoVisibleUserControls();
        // SUPPORT only reads customers too; the read-only lists still update live.
        browser.findElement(By.id("tab-customers")).click();
        String customer = Fixtures.customer(root, "Support Sees This").get("id").asText();
        ui.waitForRowTitle("customers-body", customer, "Support Sees This");
        ui.waitForToast("New customer Support Sees This was added");
        assertFalse(browser.findElement(By.id("new-customer")).isDisplayed());
        long buttonsShown = ui.inRow("customers-body", customer, r -> r.findElements(By.tagName("button")).stream()
                .filter(WebElement::isDisplayed).count());
        assertEquals(0, buttonsShown, "buttons shown in a SUPPORT user's customer row");
        ui.screenshot("support-dashboard");
    }

    private void assertNoVisibleUserControls() {
        assertFalse(browser.findElement(By.id("new-user")).isDisplayed());
        assertTrue(browser.findElements(By.cssSelector("#users-body button")).stream()
                .noneMatch(WebElement::isDisplayed),
                "write controls shown to a non-SUPER_ADMIN");
    }

    private String roleOf(String userId) {
        return ui.textInRow("users-body", userId, "[data-col=role]");
    }

    private static JsonNode staff(String name, String email, String role) {
        return Fixtures.expect(root.post("/api/users", Map.of("name", name, "email", email, "password",
                Fixtures.PASSWORD,
                "role", role, "department", "Operations")), 201).json();
    }

    private static String userId(String email) {
        JsonNode page = Fixtures.expect(root.get("/api/users?q=" + email), 200).json();
        assertEquals(1, page.get("total").asInt());
        return page.get("items").get(0).get("id").asText();
    }

    @Test
    void staffListSortsByHeaderAndSearchesOnTheServerWithTheViewInTheAddressBar() {
        ui.in(ui.freshTabs(1).get(0)).signInToUsers(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        By nameHeader = By.cssSelector("#users-table th[data-sort='name']");
        browser.findElement(nameHeader).findElement(By.tagName("button")).click();
        ui.waitFor(d -> "ascending".equals(d.findElement(nameHeader).getDomAttribute("aria-sort")));
        ui.waitFor(d -> staffIds("sort=name").equals(shownStaff()));
        assertTrue(browser.getCurrentUrl().contains("staff-sort=name"), browser.getCurrentUrl());

        ui.type("user-search", "sue");
        ui.waitFor(d -> !shownStaff().isEmpty() && staffIds("sort=name&q=sue").equals(shownStaff()));
        ui.waitFor(d -> d.getCurrentUrl().contains("staff-q=sue"));

        browser.navigate().refresh();
        ui.waitFor(d -> d.findElement(By.id("users-view")).isDisplayed());
        ui.waitFor(d -> staffIds("sort=name&q=sue").equals(shownStaff()));
        assertEquals("sue", browser.findElement(By.id("user-search")).getDomProperty("value"));
        assertEquals("ascending", browser.findElement(nameHeader).getDomAttribute("aria-sort"));
    }

    private static List<String> shownStaff() {
        return browser.findElements(By.cssSelector("#users-body tr[data-id]")).stream()
                .map(r -> r.getDomAttribute("data-id")).toList();
    }

    private static List<String> staffIds(String query) {
        List<String> ids = new java.util.ArrayList<>();
        root.get("/api/users?" + query).json().get("items").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }
}
