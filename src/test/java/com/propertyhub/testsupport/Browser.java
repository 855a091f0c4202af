package com.propertyhub.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests, driven by the Debian {@code chromedriver}: no Selenium Manager, no
 * downloads, no network except what the test page asks for.
 */
public final class Browser {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final Set<TestChromeDriver> OPEN = ConcurrentHashMap.newKeySet();

    static {
        // Selenium forwards SE_* system properties to Selenium Manager as environment variables. It is not used
        // here (the driver path is explicit), but should it ever run: no usage statistics, no downloads.
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("SE_OFFLINE", "true");
    }

    private Browser() {
    }

    /** Installs Chromium and its driver with apt when missing (root only); fails loudly otherwise. */
    public static synchronized void ensureInstalled() {
        Apt.install(CHROMIUM + " and " + CHROMEDRIVER,
                () -> Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "chromium", "chromium-driver");
    }

    /**
     * A new headless Chromium with a fresh profile directory. {@link WebDriver#quit()} it when done (it deletes the
     * profile); drivers still open when the test run ends are quit by {@link TestServicesShutdown}.
     */
    public static WebDriver newChrome() {
        return newChrome(new String[0]);
    }

    /** A new Chromium with its own profile and these command-line switches added. */
    public static WebDriver newChrome(String... extraArguments) {
        ensureInstalled();
        TestServicesShutdown.registerShutdownHook();
        Path profile;
        try {
            profile = Files.createTempDirectory("propertyhub-chrome-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a Chromium profile dir", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        try {
            TestChromeDriver driver = new TestChromeDriver(service, options, profile);
            OPEN.add(driver);
            return driver;
        } catch (RuntimeException e) {
            service.stop();
            Processes.deleteRecursively(profile);
            throw e;
        }
    }

    /** Quits every driver from {@link #newChrome()} that is still open. */
    public static void quitAll() {
        List<TestChromeDriver> drivers = new ArrayList<>(OPEN);
        for (TestChromeDriver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                System.err.println("[testsupport] cannot quit a Chromium driver: " + e.getMessage());
            }
        }
    }

    /** A ChromeDriver that deletes its profile directory when it quits. */
    private static final class TestChromeDriver extends ChromeDriver {
        private final Path profile;

        TestChromeDriver(ChromeDriverService service, ChromeOptions options, Path profile) {
            super(service, options);
            this.profile = profile;
        }

        @Override
        public void quit() {
            try {
                super.quit();
            } finally {
                OPEN.remove(this);
                try {
                    // Chromium may still be flushing its profile for a moment after quitting.
                    Await.until(Duration.ofSeconds(10), () -> {
                        Processes.deleteRecursively(profile);
                        return !Files.exists(profile);
                    }, "deleting the Chromium profile " + profile);
                } catch (AssertionError e) {
                    System.err.println("[testsupport] " + e.getMessage());
                }
            }
        }
    }
}
