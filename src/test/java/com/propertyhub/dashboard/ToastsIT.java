package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * Toasts in a real browser: they never lie over a button or link of the page (bounding boxes compared at 1400 and
 * 390 px), stay at most three lines, are not shown for the user's own change, and a burst becomes one toast.
 */
class ToastsIT extends DashboardTest {
    static final String ADA = "ada.toasts@propertyhub.test";
    static final List<String> customers = new ArrayList<>();

    @BeforeAll
    static void createFixtures() {
        Fixtures.expect(root.post("/api/users", Map.of("name", "Ada Admin", "email", ADA,
                "password", Fixtures.PASSWORD, "role", "ADMIN", "department", "Operations")), 201);
        // Enough rows to fill the screen, so any toast over the page lies over some row's buttons.
        for (int i = 1; i <= 14; i++) {
            customers.add(Fixtures.customer(root, "Toast Terrace " + i).get("id").asText());
        }
    }

    @AfterEach
    void wideAgain() {
        browser.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    void toastsNeverCoverAButtonOrLinkAtDesktopAndPhoneWidths() {
        for (Dimension size : List.of(new Dimension(1400, 1000), new Dimension(390, 844))) {
            browser.manage().window().setSize(size);
            ui.in(ui.freshTabs(1).get(0)).signIn(ADA, Fixtures.PASSWORD);
            ui.row("customers-body", customers.get(0));
            // Three toasts of different kinds, one with a 200-character unbroken name.
            String longName = "L".repeat(200);
            String created =
                    Fixtures.expect(root.post("/api/customers", Map.of("company", longName, "owner", "Lou Long",
                    "email", "lou" + size.getWidth() + "@long.example", "plan",
                    Map.of("name", "Starter", "monthlyPrice", 49))),
                    201).json().get("id").asText();
            Fixtures.expect(root.patch("/api/customers/" + customers.get(1), Map.of("phone", "+1 555 0123")), 200);
            Fixtures.expect(root.delete("/api/customers/" + created), 204);
            ui.waitFor(d -> d.findElements(By.cssSelector("#toasts .toast")).size() == 3);

            ui.screenshot("toasts-" + size.getWidth());
            Map<String, Object> layout = toastLayout();
            assertEquals(3L, layout.get("toasts"), "at " + size);
            assertTrue((Long) layout.get("pageControls") >= 2, "the page's buttons on screen at " + size + ": "
                    + layout);
            assertEquals(List.of(), layout.get("overlaps"), "toasts over controls at " + size);
            assertTrue((Boolean) layout.get("clamped"), "a toast is taller than three lines at " + size + ": "
                    + layout);
        }
    }

    @Test
    void ownChangeIsNotToastedButAnotherAdminsIs() {
        ui.in(ui.freshTabs(1).get(0)).signIn(ADA, Fixtures.PASSWORD);
        ui.recordToasts();
        String mine = customers.get(2);
        ui.clickInRow("customers-body", mine, "button.edit");
        ui.type("customer-company", "Ada's Own Terrace");
        ui.clickInDialog("customer-dialog", "Save");
        ui.waitForDialogClosed("customer-dialog");
        ui.waitForRowTitle("customers-body", mine, "Ada's Own Terrace");

        // Another admin's change after Ada's: once its toast shows, Ada's event (earlier on the stream) was handled.
        Fixtures.expect(root.patch("/api/customers/" + customers.get(3),
                Map.of("company", "Someone Else's Terrace")), 200);
        ui.waitForToast("Customer Someone Else's Terrace was updated");
        assertEquals(List.of("Customer Someone Else's Terrace was updated"), ui.recordedToasts());
    }

    @Test
    void aBurstOfChangesBecomesOneToast() {
        ui.in(ui.freshTabs(1).get(0)).signIn(ADA, Fixtures.PASSWORD);
        ui.row("customers-body", customers.get(4));
        ui.recordToasts();
        for (int i = 4; i < 9; i++) {
            Fixtures.expect(root.patch("/api/customers/" + customers.get(i), Map.of("phone", "+1 555 01" + i)), 200);
        }
        ui.waitForToast("5 customers were updated");
        assertEquals(1, browser.findElements(By.cssSelector("#toasts .toast")).size(), ui.toastTexts().toString());
        assertEquals(1, ui.recordedToasts().size(), "one toast added for the burst: " + ui.recordedToasts());
    }

    @Test
    void aToastStaysWhileItHasTheFocusAndGoesAfterwards() {
        ui.in(ui.freshTabs(1).get(0)).signIn(ADA, Fixtures.PASSWORD);
        ui.row("customers-body", customers.get(9));
        Fixtures.expect(root.patch("/api/customers/" + customers.get(9), Map.of("company", "Focus Terrace")), 200);
        ui.waitForToast("Customer Focus Terrace was updated");
        browser.findElement(By.cssSelector("#toasts .toast-close")).sendKeys(""); // focuses the toast's button
        // Longer than a toast's 8 s, measured by the page's own clock.
        ui.js("window.__focusedAt = performance.now();");
        ui.waitFor(Duration.ofSeconds(20),
                d -> (Boolean) ui.js("return performance.now() - window.__focusedAt > 9500;"));
        assertEquals(List.of("Customer Focus Terrace was updated"), ui.toastTexts(), "the focused toast went away");
        ui.js("document.activeElement.blur();");
        ui.waitFor(Duration.ofSeconds(20), d -> ui.toastTexts().isEmpty());
    }

    /**
     * The toasts, the buttons and links the person can see (on screen, and inside the part of the scrolling page
     * that is shown), and every pair of a toast and a control whose boxes intersect.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> toastLayout() {
        return (Map<String, Object>) ui.js("""
                const toasts = [...document.querySelectorAll('#toasts .toast')];
                const main = document.querySelector('main').getBoundingClientRect();
                const controls = [...document.querySelectorAll('button, a[href], select, input')]
                  .filter((el) => !el.closest('#toasts') && !el.closest('dialog') && el.getClientRects().length > 0
                    && getComputedStyle(el).visibility !== 'hidden')
                  .map((el) => ({ el, r: el.getBoundingClientRect() }))
                  .filter(({ el, r }) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight
                    && r.right > 0 && r.left < innerWidth
                    && (!el.closest('main') || (r.bottom > main.top && r.top < main.bottom)));
                const overlaps = [];
                for (const t of toasts) {
                  const a = t.getBoundingClientRect();
                  for (const { el, r } of controls) {
                    if (a.left < r.right && r.left < a.right && a.top < r.bottom && r.top < a.bottom) {
                      overlaps.push((el.getAttribute('aria-label') || el.textContent || el.id).trim().slice(0, 40));
                    }
                  }
                }
                const clamped = toasts.every((t) => {
                  const text = t.querySelector('.toast-text');
                  return text.getBoundingClientRect().height <= 3.5 * parseFloat(getComputedStyle(text).lineHeight);
                });
                const pageControls = controls.filter(({ el }) => el.closest('main')).length;
                return { toasts: toasts.length, controls: controls.length, pageControls, overlaps, clamped };
                """);
    }
}
