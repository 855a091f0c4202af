package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * Customer management in a real browser, two or three tabs at a time: the original design note's test scenarios
 * 1 to 3 word for word, plus escaping, validation and keyboard use.
 */
class CustomerManagementIT extends DashboardTest {
    /** A second admin, for "the other admin's" tab. */
    static JsonNode otherAdmin;

    @BeforeAll
    static void createFixtures() {
        otherAdmin =
                Fixtures.expect(root.post("/api/users", Map.of("name", "Ada Admin", "email", "ada@propertyhub.test",
                "password", Fixtures.PASSWORD, "role", "ADMIN", "department", "Operations")), 201).json();
        for (String company : List.of("Maple Court Homes", "Harbor View Rentals")) {
            Fixtures.customer(root, company);
        }
    }

    @Test
    void scenario1_adminEditsCustomer_otherAdminListAndOwnerAccountUpdateWithToasts() {
        JsonNode customer = Fixtures.customer(root, "Sunset Properties");
        String id = customer.get("id").asText();
        JsonNode owner = Fixtures.customerUser(root, id, "OWNER");
        List<String> tabs = ui.freshTabs(3);
        String admin = tabs.get(0);
        String other = tabs.get(1);
        String ownerTab = tabs.get(2);
        ui.in(other).signIn("ada@propertyhub.test", Fixtures.PASSWORD);
        int customersBefore = ui.loadedNumber("count-customers");
        ui.in(ownerTab).signIn(owner.get("email").asText(), Fixtures.PASSWORD);
        ui.waitForText("account-company", "Sunset Properties");
        ui.in(admin).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.recordToasts();

        // Tab 1: edit the customer's company and plan, then Save.
        ui.clickInRow("customers-body", id, "button.edit");
        ui.type("customer-company", "Sunset Properties Group");
        ui.type("customer-plan-name", "Enterprise");
        ui.type("customer-plan-price", "499");
        ui.clickInDialog("customer-dialog", "Save");
        ui.waitForDialogClosed("customer-dialog");

        // Tab 1: the list updates immediately; no toast tells the admin what they just did.
        ui.waitForRowTitle("customers-body", id, "Sunset Properties Group");
        // The other admin: the list updates, with a toast, and the count stays.
        ui.in(other).waitForRowTitle("customers-body", id, "Sunset Properties Group");
        assertTrue(ui.rowText("customers-body", id).contains("Enterprise"));
        ui.waitForToast("Customer Sunset Properties Group was updated");
        assertEquals(customersBefore, ui.number("count-customers"));
        // The owner: account settings update, with a toast; no reload.
        ui.in(ownerTab).waitForText("account-company", "Sunset Properties Group");
        ui.waitForText("account-plan", "Enterprise");
        ui.waitForToast("Your account information was updated");
        ui.screenshot("owner-dashboard");
        // Tab 1 hears of another admin's change, but was not told of its own (events arrive in order).
        String maple = Fixtures.expect(root.get("/api/customers?q=Maple%20Court"), 200).json().get("items").get(0)
                .get("id").asText();
        Fixtures.expect(root.patch("/api/customers/" + maple, Map.of("phone", "+1 555 0111")), 200);
        ui.in(admin).waitForToast("Customer Maple Court Homes was updated");
        assertEquals(List.of("Customer Maple Court Homes was updated"), ui.recordedToasts());
    }

    @Test
    void scenario2_adminCreatesCustomer_appearsInOtherAdminTabWithCountAndToast() {
        List<String> tabs = ui.freshTabs(2);
        ui.in(tabs.get(1)).signIn("ada@propertyhub.test", Fixtures.PASSWORD);
        int before = ui.loadedNumber("count-customers");
        ui.in(tabs.get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);

        browser.findElement(By.id("new-customer")).click();
        ui.type("customer-company", "Lakeside Lofts");
        ui.type("customer-owner", "Lena Lake");
        ui.type("customer-email", "lena@lakeside.example");
        ui.type("customer-phone", "+1 555 0199");
        ui.select("customer-status", "Trial");
        ui.clickInDialog("customer-dialog", "Save");
        ui.waitForDialogClosed("customer-dialog");
        String id = createdId("Lakeside Lofts");

        ui.in(tabs.get(1));
        ui.waitForRowTitle("customers-body", id, "Lakeside Lofts");
        ui.waitFor(d -> ui.number("count-customers") == before + 1);
        ui.waitForToast("New customer Lakeside Lofts was added");
        assertTrue(ui.rowText("customers-body", id).contains("Trial"));
        ui.in(tabs.get(0)).waitFor(d -> ui.number("count-customers") == before + 1);
    }

    @Test
    void scenario3_adminDeletesCustomer_disappearsFromOtherAdminTabWithCountAndToast() {
        String id = Fixtures.customer(root, "Doomed Duplexes").get("id").asText();
        List<String> tabs = ui.freshTabs(2);
        ui.in(tabs.get(1)).signIn("ada@propertyhub.test", Fixtures.PASSWORD);
        ui.row("customers-body", id);
        int before = ui.loadedNumber("count-customers");
        ui.in(tabs.get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);

        ui.clickInRow("customers-body", id, "button.delete");
        ui.confirm("Delete customer");
        ui.waitForNoRow("customers-body", id);

        ui.in(tabs.get(1)).waitForNoRow("customers-body", id);
        ui.waitFor(d -> ui.number("count-customers") == before - 1);
        ui.waitForToast("A customer was deleted");
    }

    @Test
    void cancellingTheConfirmationKeepsTheCustomer() {
        String id = Fixtures.customer(root, "Kept Cottages").get("id").asText();
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.clickInRow("customers-body", id, "button.delete");
        ui.confirm("Cancel");
        assertEquals(200, root.get("/api/customers/" + id).status());
        assertEquals(1, ui.rows("customers-body", id).size());
    }

    @Test
    void companyNameWithMarkupRendersAsText() {
        String evil = "<img src=x onerror=alert(1)>";
        List<String> tabs = ui.freshTabs(2);
        String owner = tabs.get(1);
        ui.in(tabs.get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);

        // Live: through the event and the toast.
        String id = Fixtures.customer(root, evil).get("id").asText();
        ui.waitForRowTitle("customers-body", id, evil);
        ui.waitForToast("New customer " + evil + " was added");
        assertNoMarkupRan();
        // Loaded: through the REST list, after a reload.
        browser.navigate().refresh();
        ui.waitForRowTitle("customers-body", id, evil);
        assertNoMarkupRan();
        // The owner's page shows it as text too.
        JsonNode ownerUser = Fixtures.customerUser(root, id, "OWNER");
        ui.in(owner).signIn(ownerUser.get("email").asText(), Fixtures.PASSWORD);
        ui.waitForText("account-company", evil);
        ui.waitForText("account-title", evil);
        assertNoMarkupRan();
    }

    @Test
    void searchAndStatusFilterNarrowTheListAndLiveChangesRespectThem() {
        String suspended = Fixtures.customer(root, "Quiet Quarters").get("id").asText();
        Fixtures.expect(root.patch("/api/customers/" + suspended, Map.of("status", "suspended")), 200);
        String other = Fixtures.customer(root, "Busy Bungalows").get("id").asText();
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);

        ui.type("customer-search", "quiet");
        ui.waitFor(d -> ui.rows("customers-body", other).isEmpty() && !ui.rows("customers-body", suspended).isEmpty());
        ui.type("customer-search", "");
        ui.select("customer-status-filter", "Suspended");
        ui.waitFor(d -> ui.rows("customers-body", other).isEmpty() && !ui.rows("customers-body", suspended).isEmpty());
        ui.screenshot("admin-customers-filtered");

        // A live change moves a customer into the filtered list.
        Fixtures.expect(root.patch("/api/customers/" + other, Map.of("status", "suspended")), 200);
        ui.row("customers-body", other);
        ui.select("customer-status-filter", "All statuses");
    }

    @Test
    void keyboardOnlyCreateShowsValidationErrorsNextToTheFields() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.recordToasts();
        WebElement newCustomer = browser.findElement(By.id("new-customer"));
        newCustomer.sendKeys(Keys.ENTER);
        // Focus lands in the first field; Tab walks the labelled fields; Enter submits.
        ui.waitFor(d -> "customer-company".equals(d.switchTo().activeElement().getAttribute("id")));
        WebElement active = browser.switchTo().activeElement();
        active.sendKeys("Keyboard Court", Keys.TAB);
        browser.switchTo().activeElement().sendKeys("Kim Keys", Keys.TAB);
        browser.switchTo().activeElement().sendKeys("not-an-email", Keys.ENTER);

        WebElement error = ui.waitFor(d -> {
            WebElement e = d.findElement(By.id("customer-email-error"));
            return e.isDisplayed() ? e : null;
        });
        assertEquals("Email must be an email address", error.getText());
        WebElement email = browser.findElement(By.id("customer-email"));
        assertEquals("true", email.getAttribute("aria-invalid"));
        assertTrue(email.getAttribute("aria-describedby").contains("customer-email-error"));
        assertEquals("customer-email", browser.switchTo().activeElement().getAttribute("id"));
        assertEquals("Email", browser.findElement(By.cssSelector("label[for=customer-email]")).getText()
                .replace("*", "").trim());

        ui.type("customer-email", "kim@keyboard.example");
        browser.findElement(By.id("customer-email")).sendKeys(Keys.ENTER);
        ui.waitForDialogClosed("customer-dialog");
        String id = createdId("Keyboard Court");
        ui.waitForRowTitle("customers-body", id, "Keyboard Court");
        // The page already shows the admin their new customer: its event is not toasted back, another's is.
        Fixtures.customer(root, "Somebody Else's Court");
        ui.waitForToast("New customer Somebody Else's Court was added");
        assertEquals(List.of("New customer Somebody Else's Court was added"), ui.recordedToasts());
        ui.screenshot("admin-dashboard");
    }

    private void assertNoMarkupRan() {
        assertTrue(browser.findElements(By.cssSelector("#customers-body img, #toasts img, main img")).isEmpty(),
                "server text became markup");
        try {
            browser.switchTo().alert();
            throw new AssertionError("an alert opened: server text ran as script");
        } catch (NoAlertPresentException expected) {
            // good: nothing ran
        }
    }

    private static String createdId(String company) {
        JsonNode page = Fixtures.expect(root.get("/api/customers?q=" + company.replace(" ", "%20")), 200).json();
        assertEquals(1, page.get("total").asInt(), "customers named " + company);
        return page.get("items").get(0).get("id").asText();
    }

    /**
     * The seed's client API still works beside on(): subscribeToCustomerEvents gets each customer event once, in
     * order, with its id, and nothing after unsubscribeFromCustomerEvents.
     */
    @Test
    void theSeedsSubscribeToCustomerEventsGetsEachEventUntilUnsubscribed() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.waitUntilLive();
        ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import(new URL('js/realtime.js', document.baseURI).href).then((m) => {"
                + " window.__seed = []; const note = (kind) => (data, meta) => window.__seed.push(kind + ' '"
                + " + (data.customer ? data.customer.company : data.customerId) + ' ' + (meta.id > 0));"
                + " window.__seedHandlers = { onCreated: note('created'), onUpdated: note('updated'),"
                + " onDeleted: note('deleted') };"
                + " m.subscribeToCustomerEvents(window.__seedHandlers); done(true); });");
        String id = Fixtures.customer(root, "Seed Client Homes").get("id").asText();
        Fixtures.expect(root.patch("/api/customers/" + id, Map.of("status", "trial")), 200);
        Fixtures.expect(root.delete("/api/customers/" + id), 204);
        List<String> expected = List.of("created Seed Client Homes true", "updated Seed Client Homes true",
                "deleted " + id + " true");
        ui.waitFor(d -> expected.equals(ui.js("return window.__seed;")));

        ui.js("return import(new URL('js/realtime.js', document.baseURI).href)"
                + ".then((m) => m.unsubscribeFromCustomerEvents(window.__seedHandlers));");
        String later = Fixtures.customer(root, "After Unsubscribe Homes").get("id").asText();
        ui.row("customers-body", later); // the page's own subscription saw it, so the seed's would have
        assertEquals(expected, ui.js("return window.__seed;"));
    }
}
