package com.propertyhub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Await;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Processes;
import com.propertyhub.testsupport.SseClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A servlet container running the built WAR, or the standalone distribution's launcher, in a process of its own,
 * with its output in a log file.
 */
final class ContainerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String baseUrl;

    private ContainerProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code cmd} and waits until {@code baseUrl}/health answers 200. */
    static ContainerProcess start(Processes.Cmd cmd, Path log, String baseUrl) {
        ContainerProcess c = new ContainerProcess(cmd.log(log).start(), log, baseUrl);
        try {
            Await.until(Duration.ofSeconds(120), () -> {
                if (!c.process.isAlive()) {
                    throw new IllegalStateException("container exited:\n" + Processes.tail(log, 60));
                }
                return new ApiClient(baseUrl).get("/health").status() == 200;
            }, "the WAR to answer at " + baseUrl + "/health");
        } catch (AssertionError | RuntimeException e) {
            c.close();
            throw new AssertionError(e.getMessage() + "\n" + Processes.tail(log, 80), e);
        }
        return c;
    }

    ApiClient api() {
        return new ApiClient(baseUrl);
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * Opens {@code admin}'s stream (200, then ready), creates the customer {@code company} and waits for its
     * {@code customer:created} on that stream; returns the stream's last event id, the stream closed.
     */
    String streamSeesACustomerCreated(ApiClient admin, String company, Duration wait) {
        try (SseClient stream = SseClient.open(baseUrl + "/api/events", admin.token(), null)) {
            assertEquals(200, stream.status());
            stream.await("ready", wait);
            JsonNode created = Fixtures.customer(admin, company);
            stream.await(e -> e.event().equals("customer:created")
                    && e.json().path("customer").path("id").equals(created.get("id")), wait, "customer:created");
            return stream.lastEventId();
        }
    }

    /**
     * The command line of the JVM that serves: the process started, or its one JVM child (Jetty's start.jar with
     * {@code --exec} runs the server in a JVM of its own).
     */
    List<String> serverJvm() {
        List<ProcessHandle> jvms = process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
        long pid = jvms.size() == 1 ? jvms.get(0).pid() : process.pid();
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return Arrays.asList(raw.split("\0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless the serving JVM runs with every flag of the run command's {@code .mvn/jvm.config}. */
    void assertRunsWithTheJvmDefaults() {
        List<String> jvm = serverJvm();
        for (String flag : JvmDefaults.flags()) {
            if (!jvm.contains(flag)) {
                throw new AssertionError("the serving JVM lacks " + flag + " of .mvn/jvm.config: " + jvm);
            }
        }
    }

    /** Stops the container as an operator would (SIGTERM: undeploy, then exit); returns the whole log. */
    String stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("container did not stop within 60 s:\n" + Processes.tail(log, 60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return log();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
