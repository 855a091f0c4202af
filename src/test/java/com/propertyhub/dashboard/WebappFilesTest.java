package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules the front end keeps so that it runs under a strict Content-Security-Policy (no inline script or style),
 * offline (no CDN) and under any context path (relative URLs only), and never turns server text into markup.
 */
class WebappFilesTest {
    private static final Path WEBAPP = Path.of("src", "main", "webapp");

    @Test
    void pagesHaveNoInlineScriptsStylesOrHandlers() throws IOException {
        for (Path page : files(".html")) {
            String html = read(page);
            Matcher scripts = Pattern.compile("<script\\b([^>]*)>", Pattern.CASE_INSENSITIVE).matcher(html);
            while (scripts.find()) {
                assertTrue(scripts.group(1).contains("src="), page + ": inline <script>");
            }
            assertNoMatch(page, html, "<style\\b", "inline <style>");
            assertNoMatch(page, html, "\\sstyle\\s*=", "style attribute");
            assertNoMatch(page, html, "\\son[a-z]+\\s*=", "event handler attribute");
            assertNoMatch(page, html, "javascript:", "javascript: URL");
        }
    }

    @Test
    void everyUrlIsRelativeAndLocal() throws IOException {
        for (Path page : files(".html")) {
            Matcher urls = Pattern.compile("\\s(?:src|href|action)\\s*=\\s*\"([^\"]*)\"").matcher(read(page));
            while (urls.find()) {
                String url = urls.group(1);
                assertFalse(url.startsWith("/") || url.matches("(?i)[a-z]+:.*"), page + ": not a relative URL: " + url);
            }
        }
        for (Path file : files(".js", ".css", ".html")) {
            String text = read(file);
            assertNoMatch(file, text, "https?://", "absolute URL (no CDN: machines are offline)");
            assertNoMatch(file, text, "['\"`]/(?:api|index|admin|account|css|js|img)\\b",
                    "root-relative URL (breaks under a context path)");
        }
    }

    @Test
    void scriptsNeverBuildMarkupFromStrings() throws IOException {
        for (Path script : files(".js")) {
            String js = stripComments(read(script));
            assertNoMatch(script, js, "\\.(?:inner|outer)HTML\\b", "innerHTML/outerHTML");
            assertNoMatch(script, js, "insertAdjacentHTML|document\\.write|createContextualFragment",
                    "HTML from strings");
            assertNoMatch(script, js, "\\beval\\s*\\(|new\\s+Function\\s*\\(", "eval");
            assertNoMatch(script, js, "\\.style\\.|setAttribute\\(\\s*['\"]style", "inline style");
        }
    }

    private static void assertNoMatch(Path file, String text, String regex, String what) {
        Matcher m = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(text);
        if (m.find()) {
            throw new AssertionError(file + ": " + what + " at \"" + m.group() + "\"");
        }
    }

    private static String stripComments(String js) {
        return js.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static List<Path> files(String... suffixes) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(WEBAPP)) {
            all.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.toString().endsWith(s)))
                    .forEach(found::add);
        }
        assertFalse(found.isEmpty(), "no " + String.join("/", suffixes) + " files under " + WEBAPP);
        return found;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
