package com.propertyhub.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the dashboards in one browser, one tab per signed-in person. The session lives in localStorage, shared
 * by the tabs of an origin, so {@link #freshTabs} gives each tab an origin of its own
 * ({@code http://tN.localhost:port}, which Chromium resolves to the loopback and treats as a secure context like
 * 127.0.0.1): its storage, Web Locks and BroadcastChannel are its own, as if each person used a browser of their own.
 * {@link #openTab} opens tabs of one origin, as one person opens more tabs. A tab is addressed by its window handle.
 */
final class Dashboards {
    /** How long a live change may take to reach another tab (generous: two cores are shared). */
    static final Duration LIVE = Duration.ofSeconds(15);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final String baseUrl;
    /** The origin each tab of {@link #freshTabs} uses; other tabs use {@link #baseUrl}. */
    private final java.util.Map<String, String> origins = new java.util.HashMap<>();
    /** Numbers the origins of {@link #freshTabs}: never one used before in this browser, so its storage is empty. */
    private int originsMade;
    private final String originTag = Long.toString(System.nanoTime() % 1_000_000, 36);

    Dashboards(WebDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    /** The origin of the current tab (e.g. {@code http://t3x.localhost:8080}) followed by {@code path}. */
    String url(String path) {
        return origins.getOrDefault(driver.getWindowHandle(), baseUrl) + path;
    }

    /**
     * Opens {@code path} of the base origin in a new tab and switches to it: one person opening one more tab of the
     * dashboards in the same browser (shared localStorage, one session).
     */
    String openTab(String path) {
        ensureCurrentWindow();
        driver.switchTo().newWindow(WindowType.TAB);
        String handle = driver.getWindowHandle();
        driver.get(baseUrl + path);
        return handle;
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Opens {@code count} fresh tabs, each on an origin of its own never used before (empty storage: nobody signed
     * in), and closes every other tab, so each test starts from a clean browser without paying for a new one.
     */
    List<String> freshTabs(int count) {
        ensureCurrentWindow();
        Set<String> old = driver.getWindowHandles();
        List<String> tabs = new ArrayList<>();
        String port = baseUrl.substring(baseUrl.lastIndexOf(':') + 1);
        for (int i = 0; i < count; i++) {
            driver.switchTo().newWindow(WindowType.TAB);
            String handle = driver.getWindowHandle();
            origins.put(handle, "http://t" + originTag + "-" + (++originsMade) + ".localhost:" + port);
            tabs.add(handle);
        }
        for (String handle : old) {
            driver.switchTo().window(handle);
            driver.close();
            origins.remove(handle);
        }
        driver.switchTo().window(tabs.get(0));
        return tabs;
    }

    /** After the current tab was closed, WebDriver needs another one to be current before it opens a new one. */
    private void ensureCurrentWindow() {
        Set<String> open = driver.getWindowHandles();
        String current;
        try {
            current = driver.getWindowHandle();
        } catch (WebDriverException e) {
            current = null;
        }
        if (current == null || !open.contains(current)) {
            driver.switchTo().window(open.iterator().next());
        }
    }

    /** Switches to {@code tab}. */
    Dashboards in(String tab) {
        driver.switchTo().window(tab);
        return this;
    }

    /** Signs in through the login page in the current tab and waits until its dashboard is live. */
    Dashboards signIn(String email, String password) {
        driver.get(url("/"));
        WebElement emailField = waitFor(d -> d.findElement(By.id("login-email")));
        emailField.sendKeys(email);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        waitUntilLive();
        return this;
    }

    /** Signs in and shows the user management section of the admin dashboard. */
    Dashboards signInToUsers(String email, String password) {
        signIn(email, password);
        driver.findElement(By.id("tab-users")).click();
        waitFor(d -> d.findElement(By.id("users-view")).isDisplayed());
        return this;
    }

    void waitUntilLive() {
        waitFor(LIVE, d -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    }

    String connectionState() {
        return driver.findElement(By.id("connection")).getAttribute("data-state");
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(LIVE, condition);
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class);
        return wait.until(d -> duringNavigationNull(d, condition));
    }

    /**
     * Evaluates {@code condition}, answering null (not yet) when the page was navigating meanwhile: a command sent
     * while a page replaces itself (the login page opening the dashboard) is answered "aborted by navigation", a
     * plain WebDriverException with nothing to ignore it by but its message.
     */
    private static <T> T duringNavigationNull(WebDriver driver, Function<WebDriver, T> condition) {
        try {
            return condition.apply(driver);
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("aborted by navigation")) {
                return null;
            }
            throw e;
        }
    }

    /** Waits until a toast with exactly {@code text} shows in the current tab. */
    void waitForToast(String text) {
        waitFor(d -> toastTexts().contains(text));
    }

    List<String> toastTexts() {
        return driver.findElements(By.cssSelector("#toasts .toast-text")).stream().map(WebElement::getText).toList();
    }

    /** The table row of the object with {@code id} in the current tab's {@code tbody}, if shown. */
    List<WebElement> rows(String tbodyId, String id) {
        return driver.findElements(By.cssSelector("#" + tbodyId + " tr[data-id='" + id + "']"));
    }

    /**
     * Waits until the row of {@code id} is shown. Lists re-render their rows (a live event, a reload when the
     * stream becomes ready), so a row kept in a variable can go stale: to read or click something in a row, use
     * {@link #inRow} or {@link #clickInRow}, which look it up afresh until the action succeeds.
     */
    WebElement row(String tbodyId, String id) {
        return waitFor(d -> d.findElement(rowSelector(tbodyId, id)));
    }

    private static By rowSelector(String tbodyId, String id) {
        return By.cssSelector("#" + tbodyId + " tr[data-id='" + id + "']");
    }

    /**
     * Applies {@code action} to the row of {@code id} once it is shown, looking the row up again if it was
     * re-rendered meanwhile; returns the action's (non-null) result.
     */
    <T> T inRow(String tbodyId, String id, Function<WebElement, T> action) {
        return waitFor(d -> action.apply(d.findElement(rowSelector(tbodyId, id))));
    }

    /** Clicks the element {@code css} inside the row of {@code id} (see {@link #inRow}). */
    void clickInRow(String tbodyId, String id, String css) {
        inRow(tbodyId, id, r -> {
            r.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** The whole text of a row. */
    String rowText(String tbodyId, String id) {
        return inRow(tbodyId, id, WebElement::getText);
    }

    /** The text of the element {@code css} in a row. */
    String textInRow(String tbodyId, String id, String css) {
        return inRow(tbodyId, id, r -> r.findElement(By.cssSelector(css)).getText());
    }

    /** The first cell (company or name) of a row. */
    String rowTitle(String tbodyId, String id) {
        return textInRow(tbodyId, id, "th");
    }

    /** The attribute {@code name} of the first element matching {@code by}, once there is one (never stale). */
    String attribute(By by, String name) {
        return waitFor(d -> d.findElement(by).getAttribute(name));
    }

    void waitForRowTitle(String tbodyId, String id, String title) {
        waitFor(d -> title.equals(rowTitle(tbodyId, id)));
    }

    void waitForNoRow(String tbodyId, String id) {
        waitFor(d -> rows(tbodyId, id).isEmpty());
    }

    String text(String elementId) {
        return driver.findElement(By.id(elementId)).getText();
    }

    int number(String elementId) {
        return Integer.parseInt(text(elementId).replaceAll("[^0-9]", ""));
    }

    /** The number {@code elementId} shows once its list has loaded (it shows "–" until then). */
    int loadedNumber(String elementId) {
        return waitFor(d -> text(elementId).matches(".*[0-9].*") ? number(elementId) : null);
    }

    void waitForText(String elementId, String expected) {
        waitFor(d -> expected.equals(text(elementId)));
    }

    /**
     * Replaces a field's text by typing, as a person would (Selenium's clear() fires no input event, which the
     * search fields listen to).
     */
    void type(String fieldId, String value) {
        WebElement field = driver.findElement(By.id(fieldId));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!value.isEmpty()) {
            field.sendKeys(value);
        }
    }

    void select(String fieldId, String visibleText) {
        new Select(driver.findElement(By.id(fieldId))).selectByVisibleText(visibleText);
    }

    /** Clicks a button in the open dialog {@code dialogId} by its text, e.g. "Save". */
    void clickInDialog(String dialogId, String buttonText) {
        WebElement dialog = waitFor(d -> d.findElement(By.cssSelector("dialog#" + dialogId + "[open]")));
        dialog.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals(buttonText)).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + buttonText + " in #" + dialogId)).click();
    }

    void waitForDialogClosed(String dialogId) {
        waitFor(d -> d.findElements(By.cssSelector("dialog#" + dialogId + "[open]")).isEmpty());
    }

    /** Answers the confirmation dialog with the button {@code buttonText}. */
    void confirm(String buttonText) {
        WebElement dialog = waitFor(d -> d.findElement(By.cssSelector("dialog.confirm[open]")));
        dialog.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals(buttonText)).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + buttonText + " in the confirmation")).click();
        waitFor(d -> d.findElements(By.cssSelector("dialog.confirm[open]")).isEmpty());
    }

    /**
     * Records every toast this tab shows from now on, even those gone again before a test looks: a
     * MutationObserver on the toast region, read back with {@link #recordedToasts()}.
     */
    void recordToasts() {
        js("window.__toasts = []; new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {"
                + " const t = n.querySelector && n.querySelector('.toast-text');"
                + " if (t) window.__toasts.push(t.textContent); })))"
                + ".observe(document.getElementById('toasts'), {childList: true});");
    }

    /** Records every state the connection indicator passes through from now on ({@code data-state}). */
    void recordConnectionStates() {
        js("window.__states = []; const c = document.getElementById('connection');"
                + " new MutationObserver(() => window.__states.push(c.dataset.state))"
                + ".observe(c, {attributes: true, attributeFilter: ['data-state']});");
    }

    @SuppressWarnings("unchecked")
    List<String> recordedConnectionStates() {
        return (List<String>) js("return window.__states || [];");
    }

    @SuppressWarnings("unchecked")
    List<String> recordedToasts() {
        return (List<String>) js("return window.__toasts || [];");
    }

    /**
     * From now on, notes the time ({@code Date.now()}, the same clock as {@link System#currentTimeMillis()}) at which
     * an element matching {@code selector} first has exactly the text {@code text}: a MutationObserver, so the moment
     * is the browser's and not that of a test polling it. Read it with {@link #watchedAt()}.
     */
    void watchForText(String selector, String text) {
        js("window.__shownAt = null; const sel = arguments[0], want = arguments[1];"
                + " const check = () => [...document.querySelectorAll(sel)].some(e => e.textContent === want);"
                + " new MutationObserver((m, o) => { if (window.__shownAt === null && check()) {"
                + " window.__shownAt = Date.now(); o.disconnect(); } })"
                + ".observe(document.body, {subtree: true, childList: true, characterData: true});", selector, text);
    }

    /** When {@link #watchForText}'s text showed (milliseconds since 1970), once it has. */
    long watchedAt() {
        return waitFor(d -> (Number) js("return window.__shownAt;")).longValue();
    }

    /** The time (ms since the navigation began) of a {@code performance.mark} the page set, once it has. */
    double markedAt(String mark) {
        return waitFor(d -> (Number) js("const m = performance.getEntriesByName(arguments[0]);"
                + " return m.length ? m[0].startTime : null;", mark)).doubleValue();
    }

    /**
     * Chromium's own network conditions for the current tab (DevTools protocol): every request waits
     * {@code latencyMs} more, and requests whose URL matches one of {@code blocked} (DevTools URL patterns such as
     * {@code *api/activity*}) fail as a network error. {@code (0)} with nothing blocked restores the network.
     */
    void network(long latencyMs, String... blocked) {
        ChromiumDriver chromium = (ChromiumDriver) driver;
        chromium.executeCdpCommand("Network.enable", java.util.Map.of());
        chromium.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", false,
                "latency", latencyMs, "downloadThroughput", -1, "uploadThroughput", -1));
        chromium.executeCdpCommand("Network.setBlockedURLs", java.util.Map.of("urls", List.of(blocked)));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves the current tab as target/screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(shot);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
