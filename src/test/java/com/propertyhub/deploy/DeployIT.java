package com.propertyhub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.Processes;
import com.propertyhub.testsupport.RequestsStream;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built WAR, unchanged, on standalone Jetty 12 (with this repository's {@code jetty-base}) and on
 * Tomcat 11 (with this repository's {@code tomcat-base/bin/setenv.sh}), under the context path
 * {@code /propertyhub}, each in a JVM with the run command's JVM defaults: the smoke suite, then a clean stop.
 */
class DeployIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path WAR = Path.of(System.getProperty("propertyhub.war", "target/propertyhub.war"));
    private static final Path CONTAINERS = Path.of(System.getProperty("propertyhub.containers", "target/containers"));

    private Path work;
    private Map<String, String> settings;

    @BeforeEach
    void prepare() throws IOException {
        assertTrue(Files.isRegularFile(WAR), "the WAR is built before integration tests: " + WAR);
        work = Files.createTempDirectory("propertyhub-deploy-");
        settings = TestNode.freshDatabaseSettings();
        // Far away: an event that only the next frame would complete must not arrive with a heartbeat.
        settings.put("SSE_HEARTBEAT", "120s");
    }

    @AfterEach
    void cleanUp() {
        Processes.deleteRecursively(work);
    }

    @Test
    void warRunsOnStandaloneJettyWithTheRepositorysJettyBase() throws IOException {
        Path jettyHome = CONTAINERS.resolve("jetty-home-12.1.12");
        Path base = work.resolve("jetty-base");
        copyTree(Path.of("jetty-base"), base);
        // As in the README: run from the project directory, where target/propertyhub.war is.
        Files.createDirectories(work.resolve("target"));
        Files.copy(WAR, work.resolve("target/propertyhub.war"));
        int port = Processes.freeLoopbackPort();
        Processes.Cmd cmd = Processes.cmd(javaBin(), "-jar", jettyHome.resolve("start.jar").toString(),
                "jetty.base=jetty-base", "jetty.http.port=" + port, "jetty.http.host=127.0.0.1").dir(work);
        settings.forEach(cmd::env);
        try (ContainerProcess jetty = ContainerProcess.start(cmd, work.resolve("jetty.log"),
                "http://127.0.0.1:" + port + "/propertyhub")) {
            jetty.assertRunsWithTheJvmDefaults();
            smoke(jetty);
            String log = jetty.stop();
            assertFalse(log.contains("Exception in thread"), "no thread died:\n" + log);
        }
    }

    @Test
    void warRunsUnchangedOnTomcatAndUndeploysWithoutLeaks() throws IOException {
        Path home = CONTAINERS.resolve("apache-tomcat-11.0.24");
        Path base = work.resolve("tomcat-base");
        for (String dir : new String[] {"logs", "temp", "webapps", "work"}) {
            Files.createDirectories(base.resolve(dir));
        }
        copyTree(home.resolve("conf"), base.resolve("conf"));
        // The README's Tomcat recipe: the JVM defaults in CATALINA_BASE/bin/setenv.sh.
        Files.createDirectories(base.resolve("bin"));
        Files.copy(Path.of("tomcat-base/bin/setenv.sh"), base.resolve("bin/setenv.sh"));
        int port = Processes.freeLoopbackPort();
        Path serverXml = base.resolve("conf/server.xml");
        Files.writeString(serverXml, Files.readString(serverXml)
                .replace("port=\"8005\"", "port=\"-1\"")
                .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\""));
        Files.copy(WAR, base.resolve("webapps/propertyhub.war"));
        Processes.Cmd cmd = Processes.cmd(home.resolve("bin/catalina.sh").toString(), "run")
                .env("CATALINA_HOME", home.toAbsolutePath().toString())
                .env("CATALINA_BASE", base.toString())
                .env("JAVA_HOME", System.getProperty("java.home"));
        settings.forEach(cmd::env);
        try (ContainerProcess tomcat = ContainerProcess.start(cmd, work.resolve("tomcat.log"),
                "http://127.0.0.1:" + port + "/propertyhub")) {
            tomcat.assertRunsWithTheJvmDefaults();
            smoke(tomcat);
            String log = tomcat.stop() + logs(base.resolve("logs"));
            // Tomcat's leak detection reports what a web application leaves behind when it is undeployed.
            assertFalse(log.contains("failed to stop it"), "a thread outlived the web application:\n" + log);
            assertFalse(log.contains("failed to unregister it"), "a JDBC driver stayed registered:\n" + log);
            assertFalse(log.contains("memory leak"), "Tomcat reports a leak:\n" + log);
        }
    }

    /** Login, a change received on a stream, a resume with Last-Event-ID, the dashboard and JSON errors. */
    private static void smoke(ContainerProcess container) {
        ApiClient admin = container.api().login(TestNode.ADMIN_EMAIL, TestNode.ADMIN_PASSWORD);
        String seen = container.streamSeesACustomerCreated(admin, "Deployed Co", WAIT);
        Fixtures.customer(admin, "Missed While Away");
        try (SseClient resumed = SseClient.open(container.baseUrl() + "/api/events", admin.token(), seen)) {
            resumed.await(e -> e.event().equals("customer:created")
                    && e.json().path("customer").path("company").asText().equals("Missed While Away"), WAIT,
                    "the missed customer:created replayed after Last-Event-ID " + seen);
        }
        // Python requests (urllib3) hands an event over only once its HTTP/1.1 chunk is complete.
        try (RequestsStream python = RequestsStream.open(container.baseUrl() + "/api/events", admin.token(), WAIT)) {
            assertEquals(200, python.head().get("status").asInt(), python.head().toString());
            python.await("ready", WAIT);
            Fixtures.customer(admin, "Seen By Python");
            python.await("customer:created", Duration.ofSeconds(5));
        }
        ApiResponse page = container.api().get("/");
        assertEquals(200, page.status(), "the dashboard loads under the context path");
        // Unpacked from its WebJar at build time into the WAR (not kept in src/main/webapp).
        assertEquals(200, container.api().get("/vendor/uplot/uPlot.esm.js").status(),
                "the admin chart's library is in the WAR");
        ApiResponse description = container.api().get("/api/openapi.json");
        assertEquals(200, description.status(), "the OpenAPI document is served, without a token, under the container");
        String contextPath = java.net.URI.create(container.baseUrl()).getPath();
        assertEquals(contextPath.isEmpty() ? "/" : contextPath, description.json().at("/servers/0/url").asText(),
                "the document's server is the WAR's context path");
        assertTrue(description.json().at("/paths/~1api~1customers/get").isObject(), "the document lists the resources");
        ApiResponse unknown = container.api().get("/api/no-such-thing");
        assertEquals(401, unknown.status());
        assertEquals("unauthorized", unknown.errorCode(), "JSON errors under the container too: " + unknown);
        ApiResponse missing = admin.get("/api/no-such-thing");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.errorCode());
        ApiResponse login = container.api().post("/api/auth/login",
                Map.of("email", TestNode.ADMIN_EMAIL, "password", TestNode.ADMIN_PASSWORD));
        assertEquals("no-store", login.header("Cache-Control"), "the token is kept by no cache under the container");
        for (String path : new String[] {"/api/customers", "/health", "/"}) {
            ApiResponse trace = admin.send("TRACE", path, null, null);
            // Tomcat lets it through to the application's 405; Jetty's webdefault refuses TRACE itself with a 403.
            assertTrue(trace.status() == 405 || trace.status() == 403, "TRACE " + path + " under the container: "
                    + trace);
            assertFalse(trace.body().contains(admin.token()), "TRACE " + path + " echoed the token");
        }
    }

    private static String logs(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
