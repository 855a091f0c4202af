package com.propertyhub.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.testsupport.NodeJs;
import com.propertyhub.testsupport.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboards' scripts pass ESLint (src/test/frontend-lint/eslint.config.js: the recommended rules, one layout,
 * lines within 120 characters). ESLint and its plugins are installed with {@code npm ci} from the lock file beside
 * that config, so every build checks with the same versions. A failure lists each finding as file:line:column rule.
 */
class FrontendLintIT {
    private static final Path SOURCE = Path.of("src", "test", "frontend-lint");
    private static final Path TOOLS = Path.of("target", "frontend-lint").toAbsolutePath();
    private static final Path SCRIPTS = Path.of("src", "main", "webapp", "js");

    @Test
    void dashboardScriptsPassTheLintAndLayoutChecks() throws IOException {
        Files.createDirectories(TOOLS);
        for (String file : List.of("package.json", "package-lock.json", "eslint.config.js")) {
            // Keeps the lock file's time, so npmCi installs again only when the lock file changed.
            Files.copy(SOURCE.resolve(file), TOOLS.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        NodeJs.npmCi(TOOLS);
        Path report = TOOLS.resolve("report.json");
        Files.deleteIfExists(report);
        Processes.Result r = Processes.cmd(NodeJs.NODE, TOOLS.resolve("node_modules/eslint/bin/eslint.js").toString(),
                "--config", TOOLS.resolve("eslint.config.js").toString(), "--format", "json",
                "--output-file", report.toString(), SCRIPTS.toString()).timeout(Duration.ofMinutes(2)).exec();
        // 0: no findings, 1: findings (in the report); anything else is ESLint failing to run.
        assertTrue(r.exitCode() <= 1 && Files.exists(report), "ESLint did not run (exit " + r.exitCode() + "):\n"
                + r.output());

        List<String> findings = new ArrayList<>();
        int files = 0;
        for (JsonNode file : new ObjectMapper().readTree(report.toFile())) {
            files++;
            Path name = Path.of("").toAbsolutePath().relativize(Path.of(file.get("filePath").asText()));
            for (JsonNode m : file.get("messages")) {
                findings.add(name + ":" + m.path("line").asInt() + ":" + m.path("column").asInt() + " "
                        + m.path("ruleId").asText("(parse)") + " " + m.path("message").asText());
            }
        }
        assertTrue(files >= 10, "ESLint read only " + files + " files under " + SCRIPTS);
        assertEquals(0, r.exitCode(), findings.size() + " findings:\n" + String.join("\n", findings));
        assertEquals(List.of(), findings);
    }
}
