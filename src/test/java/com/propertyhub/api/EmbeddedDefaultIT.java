package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertCustomer;
import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.api.Contract.assertPage;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.app.AppConfig;
import com.propertyhub.app.ConfigSource;
import com.propertyhub.app.Main;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-configuration start: no DATABASE_URL and no JWT_SECRET, so an embedded H2 database and a generated
 * signing key live under DATA_DIR, with the demo data loaded.
 */
class EmbeddedDefaultIT {
    private static final String DEMO_PASSWORD = "demo1234";

    @TempDir
    static Path temp;
    /** Not there yet: the server makes it (a temporary directory would already be 0700). */
    static Path dataDir;
    static Server server;

    @BeforeAll
    static void start() throws Exception {
        dataDir = temp.resolve("data");
        server = newServer();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void demoUsersLogInAndSeeTheDemoCustomers() {
        ApiClient superAdmin = api().login("superadmin@propertyhub.local", DEMO_PASSWORD);
        ApiResponse r = superAdmin.get("/api/customers");
        JsonNode page = assertPage(r, 50, 0);
        assertEquals(3, page.get("total").asInt());
        Set<String> companies = new TreeSet<>();
        page.get("items").forEach(c -> {
            assertCustomer(c);
            companies.add(c.get("company").asText());
        });
        assertEquals(Set.of("Sunset Properties", "Harbor View Rentals", "Maple Court Homes"), companies);

        // The activity feed starts with one line per demo customer, created with its users and properties, not with
        // an "updated" for each of them.
        int demoCreated = 0;
        for (JsonNode item : expect(superAdmin.get("/api/activity?limit=200"), 200).json().get("items")) {
            String company = item.path("data").path("customer").path("company").asText();
            if (companies.contains(company)) {
                assertEquals("customer:created", item.get("event").asText(), () -> "a demo customer's feed line: "
                        + item);
                assertEquals(3, item.path("data").path("customer").path("_count").path("users").asInt(),
                        item::toString);
                demoCreated++;
            }
        }
        assertEquals(3, demoCreated);

        JsonNode account = expect(api().login("owner@sunset.example", DEMO_PASSWORD).get("/api/account"), 200).json();
        assertCustomer(account);
        assertEquals("Sunset Properties", account.get("company").asText());
        assertEquals(2, account.get("_count").get("properties").asInt());
        assertEquals(3, account.get("_count").get("users").asInt());
    }

    @Test
    void theGeneratedJwtSecretIsKeptInTheDataDirectory() throws IOException {
        Path file = dataDir.resolve("jwt-secret");
        assertTrue(Files.isRegularFile(file), "DATA_DIR/jwt-secret was created");
        byte[] secret = Base64.getDecoder().decode(Files.readString(file).trim());
        assertTrue(secret.length >= AppConfig.MIN_JWT_SECRET_BYTES, "a secret of " + secret.length + " bytes");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void theDataDirectoryAndEveryFileInItAreTheOwnersOnly() throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> listing = Files.list(dataDir)) {
            for (Path file : listing.filter(Files::isRegularFile).toList()) {
                files.add(file.getFileName().toString());
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        file.getFileName().toString());
            }
        }
        assertTrue(files.containsAll(Set.of("propertyhub.mv.db", "jwt-secret")), files::toString);
    }

    @Test
    void theEmbeddedDefaultListensOnLoopbackOnly() throws IOException {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        InetSocketAddress bound = (InetSocketAddress) ((ServerSocketChannel) connector.getTransport())
                .getLocalAddress();
        assertTrue(bound.getAddress().isLoopbackAddress(), "listening on " + bound);
    }

    @Test
    void healthIsUpOnTheEmbeddedDatabase() {
        ApiResponse r = api().get("/health");
        assertEquals(200, r.status());
        assertEquals("{\"status\":\"up\",\"database\":\"up\",\"redis\":\"off\"}", r.body());
    }

    @Test
    void customersCanBeWrittenSearchedAndDeleted() {
        ApiClient admin = api().login("admin@propertyhub.local", DEMO_PASSWORD);
        String name = Nodes.unique("Embedded");
        JsonNode c = Fixtures.customer(admin, name + " 100%");
        assertEquals(1, admin.get("/api/customers?q=" + name.toUpperCase() + "%20100%25").json().get("total").asInt());
        assertEquals(0, admin.get("/api/customers?q=" + name + "_").json().get("total").asInt());
        assertEquals("suspended", expect(admin.patch("/api/customers/" + c.get("id").asText(),
                Map.of("status", "suspended")), 200).json().get("status").asText());
        assertError(admin.post("/api/customers", Map.of("company", name, "owner", "O", "email", c.get("email").asText(),
                "plan", Map.of("name", "P", "monthlyPrice", 1))), 409, "email_taken");
        expect(admin.delete("/api/customers/" + c.get("id").asText()), 204);
        assertEquals(3, admin.get("/api/customers").json().get("total").asInt());
    }

    @Test
    void aRestartKeepsTheDataAndTheTokensValid() throws Exception {
        ApiClient owner = api().login("owner@harbor.example", DEMO_PASSWORD);
        server.stop();
        server = newServer();
        server.start();
        assertEquals("owner@harbor.example", expect(api().as(owner.token()).get("/api/auth/me"), 200)
                .json().get("email").asText(), "the same signing key after a restart");
        assertEquals(3, api().login("superadmin@propertyhub.local", DEMO_PASSWORD).get("/api/customers").json()
                .get("total").asInt(), "demo data is loaded once");
    }

    private static Server newServer() {
        return Main.newServer(0, AppConfig.from(ConfigSource.of(Map.of(
                "DATA_DIR", dataDir.toString(), "DEMO_DATA", "true", "PASSWORD_HASH_COST", "4"))));
    }

    private static ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }
}
