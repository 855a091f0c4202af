package com.propertyhub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Processes;
import com.propertyhub.testsupport.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standalone distribution that {@code mvn package} builds ({@code target/propertyhub-dist/propertyhub/}),
 * started as an operator would, with its {@code bin/propertyhub} from another directory: it runs with the JVM
 * flags of {@code .mvn/jvm.config} (the run command's), serves the health check, the dashboards and a stream.
 */
class DistributionIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path DIST =
            Path.of(System.getProperty("propertyhub.dist", "target/propertyhub-dist/propertyhub"));

    private Path work;

    @BeforeEach
    void prepare() throws IOException {
        assertTrue(Files.isExecutable(DIST.resolve("bin/propertyhub")), "the distribution is built by mvn package: "
                + DIST);
        work = Files.createTempDirectory("propertyhub-dist-");
    }

    @AfterEach
    void cleanUp() {
        Processes.deleteRecursively(work);
    }

    @Test
    void launcherStartsTheNodeWithTheRunCommandsJvmFlags() throws IOException {
        int port = Processes.freeLoopbackPort();
        Processes.Cmd cmd = Processes.cmd(DIST.resolve("bin/propertyhub").toAbsolutePath().toString()).dir(work)
                .env("PORT", String.valueOf(port)).env("BIND_ADDRESS", "127.0.0.1")
                .env("JAVA_HOME", System.getProperty("java.home"));
        Map<String, String> settings = TestNode.freshDatabaseSettings();
        settings.forEach(cmd::env);
        try (ContainerProcess node = ContainerProcess.start(cmd, work.resolve("node.log"), "http://127.0.0.1:"
                + port)) {
            node.assertRunsWithTheJvmDefaults();
            assertEquals("up", node.api().get("/health").json().path("status").asText());
            assertEquals(200, node.api().get("/").status(), "the dashboards are in the distribution");
            assertEquals(200, node.api().get("/vendor/uplot/uPlot.esm.js").status(), "with the chart's library");

            ApiClient admin = node.api().login(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
            node.streamSeesACustomerCreated(admin, "Distributed Co", WAIT);
            node.stop();
        }
    }
}
