package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboards with real-world text and screens in a real browser: a 200-character unbroken name, capped fields,
 * keyboard focus after a save, a 390 px phone, and the messages around them.
 */
class DashboardLayoutIT extends DashboardTest {
    static final String LONG_NAME = "Supercalifragilistic".repeat(10);
    static final String LONG_EMAIL = "a".repeat(60) + "@" + "b".repeat(60) + ".example";
    static String longCustomer;

    @BeforeAll
    static void createFixtures() {
        longCustomer =
                Fixtures.expect(root.post("/api/customers", Map.of("company", LONG_NAME, "owner", "O".repeat(200),
                "email", LONG_EMAIL, "plan", Map.of("name", "Starter", "monthlyPrice", 49))), 201).json().get("id")
                .asText();
        for (int i = 1; i <= 4; i++) {
            Fixtures.customer(root, "Layout Lodge " + i);
        }
        Fixtures.expect(root.post("/api/users", Map.of("name", "N".repeat(200), "email", LONG_EMAIL,
                "password", Fixtures.PASSWORD, "role", "SUPPORT", "department", "Operations")), 201);
    }

    @AfterEach
    void wideAgain() {
        browser.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    void aLongUnbrokenNameKeepsTheTablesInsideTheirContainersAndShowsWholeOnKeyboardFocus() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.row("customers-body", longCustomer);
        assertFits("customers-table");
        WebElement company = browser.findElement(By.cssSelector("#customers-body tr[data-id='" + longCustomer
                + "'] th .clip-text"));
        assertEquals(LONG_NAME, company.getDomAttribute("title"), "the whole name is the tooltip");
        assertEquals(LONG_NAME, company.getDomProperty("textContent"), "screen readers get the whole name");
        assertTrue(clipped(company), "the name ends in an ellipsis");
        String edit = "#customers-body tr[data-id='" + longCustomer + "'] button.edit";
        assertTrue(inside(edit, "#customers-table"), "Edit stays inside the table's box");

        // Keyboard focus in the row shows the whole name, wrapped inside its column.
        tabTo(edit);
        ui.waitFor(d -> !clipped(company));
        assertFits("customers-table");

        browser.findElement(By.id("tab-users")).click();
        ui.waitFor(d -> d.findElement(By.id("users-view")).isDisplayed());
        ui.waitFor(d -> !d.findElements(By.cssSelector("#users-body tr[data-id] .clip-text")).isEmpty());
        assertFits("users-table");
        ui.screenshot("long-names-1400");
    }

    @Test
    void cappedFieldsCountTheirCharactersAndSayPolitelyWhenTheLimitIsReached() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        browser.findElement(By.id("new-customer")).click();
        ui.waitFor(d -> d.findElement(By.id("customer-company")).isDisplayed());
        assertEquals("0 / 200", counter("customer-company"));
        assertTrue(browser.findElement(By.id("customer-company")).getDomAttribute("aria-describedby")
                .contains("customer-company-limit"));
        assertEquals("Up to 200 characters.", browser.findElement(By.id("customer-company-limit"))
                .getDomProperty("textContent"));
        ui.type("customer-company", "Twelve chars");
        assertEquals("12 / 200", counter("customer-company"));
        WebElement live = browser.findElement(By.id("customer-company-count-live"));
        assertEquals("polite", live.getDomAttribute("aria-live"));
        browser.findElement(By.id("customer-company")).sendKeys("x".repeat(230));
        assertEquals("200 / 200", counter("customer-company"));
        ui.waitFor(d -> "Limit reached: 200 characters.".equals(live.getDomProperty("textContent")));
        // Filled by script when editing: the count follows.
        ui.clickInDialog("customer-dialog", "Cancel");
        ui.clickInRow("customers-body", longCustomer, "button.edit");
        ui.waitFor(d -> "200 / 200".equals(counter("customer-company")));
        assertEquals(LONG_EMAIL.length() + " / 320", counter("customer-email"));
        ui.clickInDialog("customer-dialog", "Cancel");
    }

    @Test
    void focusReturnsToTheEditButtonAfterSavingWithTheKeyboardOnly() {
        String id = Fixtures.customer(root, "Keyboard Keep").get("id").asText();
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        String edit = "#customers-body tr[data-id='" + id + "'] button.edit";
        ui.row("customers-body", id);
        tabTo(edit);
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        ui.waitFor(d -> "customer-company".equals(d.switchTo().activeElement().getDomAttribute("id")));
        new Actions(browser).sendKeys(Keys.END, " Kept", Keys.ENTER).perform();
        ui.waitForDialogClosed("customer-dialog");
        ui.waitForRowTitle("customers-body", id, "Keyboard Keep Kept");
        ui.waitFor(d -> "Edit Keyboard Keep Kept".equals(d.switchTo().activeElement().getDomAttribute("aria-label")));

        // Deleting moves the focus to the row that takes the deleted one's place, not to the top of the page.
        tabTo("#customers-body tr[data-id='" + id + "'] button.delete");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        ui.waitFor(d -> d.findElement(By.cssSelector("dialog.confirm[open]")));
        new Actions(browser).sendKeys(Keys.TAB, Keys.ENTER).perform();
        ui.waitForNoRow("customers-body", id);
        ui.waitFor(d -> d.switchTo().activeElement().findElements(By.xpath("ancestor::tbody[@id='customers-body']"))
                .size() == 1);
    }

    @Test
    void onAPhoneListsAreCardsWithEveryRowsActionsOnScreenAndNothingScrollsSideways() {
        browser.manage().window().setSize(new Dimension(390, 844));
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ui.row("customers-body", longCustomer);
        assertEquals(390L, ui.js("return innerWidth;"), "the viewport is a phone's");
        assertPhoneLayout("customers-body");
        assertTrue(((Number) ui.js("return document.querySelector('.topbar').getBoundingClientRect().height;"))
                .doubleValue() < 64,
                "the header is one row");
        assertEquals(List.of(), ui.js("""
                const nav = document.querySelector('.tabs').getBoundingClientRect();
                return [...document.querySelectorAll('.tabs a, #logout, #notifications-bell')].filter((el) => {
                  const r = el.getBoundingClientRect();
                  return !(r.left >= 0 && r.right <= innerWidth
                    && (!el.closest('.tabs') || (r.left >= nav.left && r.right <= nav.right + 0.5)));
                }).map((el) => `${el.textContent.trim() || el.id} ${Math.round(el.getBoundingClientRect().left)}-`
                  + `${Math.round(el.getBoundingClientRect().right)} of nav`
                  + ` ${Math.round(nav.left)}-${Math.round(nav.right)}`);
                """), "sections, the bell or Sign out cut from the one-row header");
        // Emails are not cut: the whole address wraps inside the card.
        WebElement email = browser.findElement(By.cssSelector("#customers-body tr[data-id='" + longCustomer
                + "'] .email .clip-text"));
        assertFalse(clipped(email), "the email is cut short");
        assertEquals("Email", email.findElement(By.xpath("..")).getDomAttribute("data-label"));
        assertPlaceholderFits("customer-search");
        ui.screenshot("admin-customers-390");
        ui.js("arguments[0].scrollIntoView();", email);
        ui.screenshot("admin-customer-cards-390");

        browser.findElement(By.id("tab-users")).click();
        ui.waitFor(d -> !d.findElements(By.cssSelector("#users-body tr[data-id] button.edit")).isEmpty());
        assertPhoneLayout("users-body");
    }

    @Test
    void searchPlaceholdersAreNotCutAtDesktopWidth() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        assertPlaceholderFits("customer-search");
        browser.findElement(By.id("tab-users")).click();
        ui.waitFor(d -> d.findElement(By.id("user-search")).isDisplayed());
        assertPlaceholderFits("user-search");
    }

    @Test
    void aMissingPriceAndNameAreReportedTogetherInTheSameWords() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        browser.findElement(By.id("new-customer")).click();
        ui.type("customer-owner", "Priya Price");
        ui.type("customer-email", "priya@price.example");
        ui.type("customer-plan-price", "");
        ui.clickInDialog("customer-dialog", "Save");
        ui.waitFor(d -> d.findElement(By.id("customer-plan-price-error")).isDisplayed());
        assertEquals("Monthly price (USD) is required", ui.text("customer-plan-price-error"));
        assertEquals("Company is required", ui.text("customer-company-error"));
        ui.clickInDialog("customer-dialog", "Cancel");

        browser.findElement(By.id("tab-users")).click();
        browser.findElement(By.id("new-user")).click();
        ui.type("user-name", "Pat Password");
        ui.type("user-email", "pat@propertyhub.test");
        ui.type("user-password", "short");
        ui.clickInDialog("user-dialog", "Save");
        ui.waitFor(d -> d.findElement(By.id("user-password-error")).isDisplayed());
        assertEquals("Password must be 8–72 characters", ui.text("user-password-error"));
        ui.clickInDialog("user-dialog", "Cancel");
    }

    @Test
    void theLastSuperAdminConflictNamesTheRoleAsPeopleReadIt() {
        ui.in(ui.freshTabs(1).get(0)).signInToUsers(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        String me = (String) ui.js("return JSON.parse(localStorage.getItem('propertyhub.session')).user.id;");
        ui.clickInRow("users-body", me, "button.edit");
        ui.select("user-role", "Support");
        ui.clickInDialog("user-dialog", "Save");
        ui.waitFor(d -> d.findElement(By.id("user-role-error")).isDisplayed());
        assertEquals("At least one active Super admin must remain", ui.text("user-role-error"));
        ui.clickInDialog("user-dialog", "Cancel");
    }

    @Test
    void aDemotedAdminIsToldWhyTheyWereSignedOut() {
        String email = "demoted@propertyhub.test";
        String id = Fixtures.expect(root.post("/api/users", Map.of("name", "Dee Moted", "email", email,
                "password", Fixtures.PASSWORD, "role", "ADMIN", "department", "Operations")), 201).json().get("id")
                .asText();
        ui.in(ui.freshTabs(1).get(0)).signIn(email, Fixtures.PASSWORD);
        Fixtures.expect(root.patch("/api/users/" + id, Map.of("role", "SUPPORT")), 200);
        ui.waitFor(d -> d.getCurrentUrl().contains("index.html?reason=role"));
        ui.waitFor(d -> d.findElement(By.id("login-notice")).isDisplayed());
        assertEquals("Your role was changed: please sign in again.", ui.text("login-notice"));
    }

    @Test
    void offlineShowsABannerWhoseButtonTriesAgainAtOnce() {
        ui.in(ui.freshTabs(1).get(0)).signIn(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        ChromiumDriver chrome = (ChromiumDriver) browser;
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        chrome.setNetworkConditions(offline);
        try {
            // The open stream ends with the server's restart; reconnecting fails while the browser is offline.
            node.restart();
            root = node.api().loginAsAdmin();
            ui.waitFor(d -> d.findElement(By.id("offline-banner")).isDisplayed());
            assertTrue(ui.text("offline-banner").startsWith("You are offline"), ui.text("offline-banner"));
            assertEquals("alert", browser.findElement(By.id("offline-banner")).getDomAttribute("role"));
            ui.screenshot("offline-banner");

            // Still offline: the button tries at once (reconnecting), and the banner comes back when that fails.
            ui.recordConnectionStates();
            browser.findElement(By.id("offline-retry")).click();
            ui.waitFor(d -> {
                List<String> states = ui.recordedConnectionStates();
                return states.indexOf("reconnecting") == 0 && "offline".equals(states.get(states.size() - 1));
            });
            ui.waitFor(d -> d.findElement(By.id("offline-banner")).isDisplayed());
        } finally {
            chrome.deleteNetworkConditions();
        }
        ui.waitUntilLive();
        assertFalse(browser.findElement(By.id("offline-banner")).isDisplayed());
    }

    // -------------------------------------------------------------------------------------------------------

    /** Presses Tab (as a keyboard user would, from the page's start) until {@code css} has the focus. */
    private static void tabTo(String css) {
        WebElement target = ui.waitFor(d -> d.findElement(By.cssSelector(css)));
        ui.js("document.getElementById('main').focus();"); // where the skip link leads
        for (int i = 0; i < 200; i++) {
            if (target.equals(browser.switchTo().activeElement())) {
                return;
            }
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("200 Tabs did not reach " + css);
    }

    private static void assertFits(String tableId) {
        @SuppressWarnings("unchecked")
        Map<String, Number> box = (Map<String, Number>) ui.js("""
                const table = document.getElementById(arguments[0]);
                const wrap = table.closest('.table-wrap');
                return { table: table.scrollWidth, wrap: wrap.clientWidth, wrapScroll: wrap.scrollWidth };
                """, tableId);
        assertTrue(box.get("table").doubleValue() <= box.get("wrap").doubleValue()
                && box.get("wrapScroll").doubleValue() <= box.get("wrap").doubleValue(), tableId
                + " is wider than its box: " + box);
    }

    private static boolean clipped(WebElement el) {
        return (Boolean) ui.js("return arguments[0].scrollWidth > arguments[0].clientWidth + 1;", el);
    }

    private static boolean inside(String css, String containerCss) {
        return (Boolean) ui.js("""
                const a = document.querySelector(arguments[0]).getBoundingClientRect();
                const b = document.querySelector(arguments[1]).closest('.table-wrap').getBoundingClientRect();
                return a.left >= b.left && a.right <= b.right;
                """, css, containerCss);
    }

    private static String counter(String fieldId) {
        return browser.findElement(By.cssSelector("#" + fieldId + "-count .counter-count")).getText();
    }

    /** Nothing scrolls sideways (the document, nor the scrolling page), and each row's buttons are on screen. */
    @SuppressWarnings("unchecked")
    private static void assertPhoneLayout(String tbodyId) {
        Map<String, Object> layout = (Map<String, Object>) ui.js("""
                const main = document.querySelector('main');
                const rows = [...document.querySelectorAll('#' + arguments[0] + ' tr[data-id]')];
                const off = [];
                for (const row of rows) {
                  const buttons = [...row.querySelectorAll('.actions button')];
                  if (buttons.length === 0) off.push('no buttons in ' + row.dataset.id);
                  for (const b of buttons) {
                    const r = b.getBoundingClientRect();
                    if (r.width === 0 || r.left < 0 || r.right > innerWidth) off.push(b.getAttribute('aria-label'));
                  }
                }
                return { doc: document.documentElement.scrollWidth, view: innerWidth, main: main.scrollWidth,
                  mainBox: main.clientWidth, rows: rows.length, off,
                  card: rows.length ? getComputedStyle(rows[0]).display : null };
                """, tbodyId);
        assertTrue(((Number) layout.get("doc")).longValue() <= ((Number) layout.get("view")).longValue(),
                "document scrolls sideways: " + layout);
        assertTrue(((Number) layout.get("main")).longValue() <= ((Number) layout.get("mainBox")).longValue(),
                "the page scrolls sideways: " + layout);
        assertTrue(((Number) layout.get("rows")).longValue() >= 2, "rows: " + layout);
        assertEquals(List.of(), layout.get("off"), "buttons off screen: " + layout);
        assertEquals("block", layout.get("card"), "rows are cards");
    }

    /** The placeholder's text, in the field's font, is no wider than the field's text box. */
    private static void assertPlaceholderFits(String fieldId) {
        @SuppressWarnings("unchecked")
        Map<String, Number> fit = (Map<String, Number>) ui.js("""
                const input = document.getElementById(arguments[0]);
                const style = getComputedStyle(input);
                const ctx = document.createElement('canvas').getContext('2d');
                ctx.font = style.font;
                const text = ctx.measureText(input.placeholder).width;
                const box = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                // type=search keeps room for its clear button at the end
                return { text, box: box - 20 };
                """, fieldId);
        assertTrue(fit.get("text").doubleValue() <= fit.get("box").doubleValue(), fieldId + " placeholder is cut: "
                + fit);
    }
}
