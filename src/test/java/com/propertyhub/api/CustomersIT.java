package com.propertyhub.api;

import static com.propertyhub.api.Contract.assertCustomer;
import static com.propertyhub.api.Contract.assertError;
import static com.propertyhub.api.Contract.assertPage;
import static com.propertyhub.api.Contract.assertTime;
import static com.propertyhub.api.Contract.detailFields;
import static com.propertyhub.api.Contract.ids;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.NodeTest;
import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/customers}: every operation's answer, and every way it can be refused without storing anything. */
class CustomersIT extends NodeTest {
    static ApiClient support;

    @BeforeAll
    static void createFixtures() {
        support = Fixtures.loginAs(admin, Fixtures.staff(admin, "SUPPORT"));
    }

    // ----------------------------------------------------------------------------------------------- happy paths

    @Test
    void createAnswers201WithLocationAndTheCustomerItself() {
        String name = Nodes.unique("Create");
        Map<String, Object> body = body(name);
        ApiResponse r = admin.post("/api/customers", body);
        assertEquals(201, r.status(), r::toString);
        JsonNode c = r.json();
        assertCustomer(c);
        assertEquals(name, c.get("company").asText());
        assertEquals(body.get("owner"), c.get("owner").asText());
        assertEquals(body.get("email"), c.get("email").asText());
        assertEquals("+1 555 0100", c.get("phone").asText());
        assertEquals("trial", c.get("status").asText());
        assertEquals("Starter", c.get("plan").get("name").asText());
        assertEquals(0, new BigDecimal("49.90").compareTo(c.get("plan").get("monthlyPrice").decimalValue()));
        assertEquals(0, c.get("_count").get("properties").asInt());
        assertEquals(0, c.get("_count").get("users").asInt());
        assertEquals(c.get("createdAt"), c.get("updatedAt"));

        URI location = URI.create(r.header("Location"));
        assertEquals("/api/customers/" + c.get("id").asText(), location.getPath());
        assertEquals(node.port(), location.getPort());
        assertEquals(c, expect(admin.get(location.getPath()), 200).json(), "GET Location answers what POST did");
    }

    @Test
    void createDefaultsTheStatusToActiveAndStoresTheEmailLowerCased() {
        String name = Nodes.unique("Defaults");
        Map<String, Object> body = body(name);
        body.remove("status");
        body.remove("phone");
        body.put("email", "Mixed." + name + "@Example.COM");
        JsonNode c = expect(admin.post("/api/customers", body), 201).json();
        assertEquals("active", c.get("status").asText());
        assertTrue(c.get("phone").isNull(), c::toString);
        assertEquals("mixed." + name.toLowerCase() + "@example.com", c.get("email").asText());
    }

    @Test
    void getAnswersTheCustomer() {
        JsonNode created = Fixtures.customer(admin, Nodes.unique("Get"));
        ApiResponse r = expect(admin.get("/api/customers/" + created.get("id").asText()), 200);
        assertCustomer(r.json());
        assertEquals(created, r.json());
    }

    @Test
    void listAnswersAPageOfCustomers() {
        Fixtures.customer(admin, Nodes.unique("Listed"));
        JsonNode page = assertPage(admin.get("/api/customers"), 50, 0);
        assertTrue(page.get("total").asInt() >= 1);
        page.get("items").forEach(Contract::assertCustomer);
    }

    @Test
    void listFindsCustomersByCompanyOwnerOrEmailIgnoringCase() {
        String word = Nodes.unique("Query");
        JsonNode byCompany = Fixtures.customer(admin, word + " Company");
        Map<String, Object> ownerBody = body(Nodes.unique("Other"));
        ownerBody.put("owner", "Mrs " + word);
        JsonNode byOwner = expect(admin.post("/api/customers", ownerBody), 201).json();
        Map<String, Object> emailBody = body(Nodes.unique("Third"));
        emailBody.put("email", word.toLowerCase() + "@mail.example");
        JsonNode byEmail = expect(admin.post("/api/customers", emailBody), 201).json();
        Fixtures.customer(admin, Nodes.unique("Unrelated"));

        JsonNode page = assertPage(admin.get("/api/customers?q=" + word.toUpperCase()), 50, 0);
        assertEquals(3, page.get("total").asInt(), page::toString);
        assertEquals(Set.of(id(byCompany), id(byOwner), id(byEmail)),
                Set.copyOf(ids(admin.get("/api/customers?q=" + word))));
    }

    @Test
    void listTreatsLikeWildcardsInTheQueryLiterally() {
        String word = Nodes.unique("Wild");
        Fixtures.customer(admin, word + " Co");
        assertEquals(0, admin.get("/api/customers?q=" + word + "%25").json().get("total").asInt());
        assertEquals(0, admin.get("/api/customers?q=" + word.substring(0, 4) + "_" + word.substring(5)).json()
                .get("total").asInt());
    }

    @Test
    void listFiltersByStatus() {
        String word = Nodes.unique("Status");
        Map<String, Object> trial = body(word + " Trial");
        Map<String, Object> suspended = body(word + " Suspended");
        suspended.put("status", "suspended");
        JsonNode t = expect(admin.post("/api/customers", trial), 201).json();
        JsonNode s = expect(admin.post("/api/customers", suspended), 201).json();

        assertEquals(List.of(id(t)), ids(admin.get("/api/customers?q=" + word + "&status=trial")));
        assertEquals(List.of(id(s)), ids(admin.get("/api/customers?q=" + word + "&status=suspended")));
        assertEquals(0, admin.get("/api/customers?q=" + word + "&status=cancelled").json().get("total").asInt());
        admin.get("/api/customers?status=suspended").json().get("items")
                .forEach(c -> assertEquals("suspended", c.get("status").asText()));
    }

    @Test
    void listPagesWithLimitAndOffsetNewestFirst() {
        String word = Nodes.unique("Page");
        String first = id(Fixtures.customer(admin, word + " 1"));
        String second = id(Fixtures.customer(admin, word + " 2"));
        String third = id(Fixtures.customer(admin, word + " 3"));

        JsonNode page1 = assertPage(admin.get("/api/customers?q=" + word + "&limit=2"), 2, 0);
        assertEquals(3, page1.get("total").asInt());
        JsonNode page2 = assertPage(admin.get("/api/customers?q=" + word + "&limit=2&offset=2"), 2, 2);
        assertEquals(3, page2.get("total").asInt());
        assertEquals(List.of(third, second), ids(admin.get("/api/customers?q=" + word + "&limit=2")));
        assertEquals(List.of(first), ids(admin.get("/api/customers?q=" + word + "&limit=2&offset=2")));
        JsonNode beyond = assertPage(admin.get("/api/customers?q=" + word + "&offset=10"), 50, 10);
        assertEquals(0, beyond.get("items").size());
        assertEquals(3, beyond.get("total").asInt());
    }

    @Test
    void putReplacesTheCustomer() {
        JsonNode before = Fixtures.customer(admin, Nodes.unique("Put"));
        String name = Nodes.unique("Replaced");
        Map<String, Object> body = body(name);
        body.put("status", "cancelled");
        body.put("plan", Map.of("name", "Enterprise", "monthlyPrice", 499));
        ApiResponse r = expect(admin.put("/api/customers/" + id(before), body), 200);
        JsonNode after = r.json();
        assertCustomer(after);
        assertEquals(id(before), id(after));
        assertEquals(name, after.get("company").asText());
        assertEquals(body.get("owner"), after.get("owner").asText());
        assertEquals(body.get("email"), after.get("email").asText());
        assertEquals("cancelled", after.get("status").asText());
        assertEquals("Enterprise", after.get("plan").get("name").asText());
        assertEquals("499.00", after.get("plan").get("monthlyPrice").decimalValue().setScale(2).toPlainString());
        assertEquals(before.get("createdAt"), after.get("createdAt"));
        assertFalse(assertTime(after.get("updatedAt")).isBefore(assertTime(before.get("updatedAt"))));
        assertEquals(after, admin.get("/api/customers/" + id(before)).json(), "the change is stored");
    }

    @Test
    void putKeepingItsOwnEmailIsNoConflict() {
        JsonNode before = Fixtures.customer(admin, Nodes.unique("Same"));
        Map<String, Object> body = body(before.get("company").asText());
        body.put("email", before.get("email").asText().toUpperCase());
        expect(admin.put("/api/customers/" + id(before), body), 200);
    }

    @Test
    void patchChangesOnlyTheFieldsItNames() {
        JsonNode before = Fixtures.customer(admin, Nodes.unique("Patch"));
        ApiResponse r = expect(admin.patch("/api/customers/" + id(before),
                Map.of("status", "suspended", "plan", Map.of("monthlyPrice", 9.5))), 200);
        assertTrue(r.body().contains("\"monthlyPrice\":9.50"), "prices are written with their two decimals: " + r);
        JsonNode after = r.json();
        assertCustomer(after);
        assertEquals("suspended", after.get("status").asText());
        assertEquals(9.5, after.get("plan").get("monthlyPrice").asDouble());
        assertEquals(before.get("plan").get("name"), after.get("plan").get("name"));
        for (String field : List.of("id", "company", "owner", "email", "phone", "_count", "createdAt")) {
            assertEquals(before.get(field), after.get(field), field);
        }
        assertEquals(after, admin.get("/api/customers/" + id(before)).json(), "the change is stored");
    }

    @Test
    void patchWithAnEmptyPhoneClearsIt() {
        JsonNode before = Fixtures.customer(admin, Nodes.unique("Phone"));
        JsonNode after = expect(admin.patch("/api/customers/" + id(before), Map.of("phone", "")), 200).json();
        assertTrue(after.get("phone").isNull(), after::toString);
    }

    @Test
    void deleteAnswers204AndTheCustomerIsGone() {
        JsonNode c = Fixtures.customer(admin, Nodes.unique("Delete"));
        ApiResponse r = admin.delete("/api/customers/" + id(c));
        assertEquals(204, r.status(), r::toString);
        assertTrue(r.body() == null || r.body().isEmpty(), r::toString);
        assertError(admin.get("/api/customers/" + id(c)), 404, "not_found");
        assertError(admin.delete("/api/customers/" + id(c)), 404, "not_found");
        assertEquals(0, admin.get("/api/customers?q=" + c.get("company").asText()).json().get("total").asInt());
    }

    @Test
    void deletingACustomerRemovesItsUsers() {
        JsonNode c = Fixtures.customer(admin, Nodes.unique("Cascade"));
        JsonNode owner = Fixtures.customerUser(admin, id(c), "OWNER");
        expect(admin.delete("/api/customers/" + id(c)), 204);
        assertError(node.api().post("/api/auth/login",
                Map.of("email", owner.get("email").asText(), "password", Fixtures.PASSWORD)), 401,
                "invalid_credentials");
    }

    @Test
    void supportReadsCustomers() {
        JsonNode c = Fixtures.customer(admin, Nodes.unique("Readable"));
        assertEquals(c, expect(support.get("/api/customers/" + id(c)), 200).json());
        assertPage(support.get("/api/customers"), 50, 0);
    }

    // -------------------------------------------------------------------------------------------------- refusals

    @Test
    void supportCannotCreateCustomers() {
        String name = Nodes.unique("BySupport");
        assertError(support.post("/api/customers", body(name)), 403, "forbidden");
        assertNotStored(name);
    }

    @Test
    void supportCannotChangeOrDeleteCustomers() {
        JsonNode c = Fixtures.customer(admin, Nodes.unique("Untouched"));
        assertError(support.put("/api/customers/" + id(c), body(Nodes.unique("X"))), 403, "forbidden");
        assertError(support.patch("/api/customers/" + id(c), Map.of("status", "cancelled")), 403, "forbidden");
        assertError(support.delete("/api/customers/" + id(c)), 403, "forbidden");
        assertEquals(c, admin.get("/api/customers/" + id(c)).json());
    }

    @Test
    void badListParametersAre400() {
        Map<String, String> cases = Map.of("q=a%00", "q",
                "limit=abc", "limit", "limit=0", "limit", "limit=201", "limit", "limit=1.5", "limit",
                "offset=-1", "offset", "offset=x", "offset", "status=bogus", "status", "status=ACTIVE", "status");
        cases.forEach((query, field) -> {
            ApiResponse r = admin.get("/api/customers?" + query);
            assertError(r, 400, "invalid_parameter");
            assertEquals(Set.of(field), detailFields(r), query);
        });
    }

    @Test
    void unknownIdsAre404ForEveryMethod() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "12345", UUID.randomUUID() + "0")) {
            String path = "/api/customers/" + id;
            assertError(admin.get(path), 404, "not_found");
            assertError(admin.put(path, body(Nodes.unique("Ghost"))), 404, "not_found");
            assertError(admin.patch(path, Map.of("status", "trial")), 404, "not_found");
            assertError(admin.delete(path), 404, "not_found");
        }
    }

    @Test
    void wrongMethodsAre405() {
        JsonNode c = Fixtures.customer(admin, Nodes.unique("Methods"));
        for (ApiResponse r : List.of(admin.patch("/api/customers", Map.of()), admin.delete("/api/customers"),
                admin.put("/api/customers", body("x")), admin.post("/api/customers/" + id(c), body("x")))) {
            assertError(r, 405, "method_not_allowed");
            assertTrue(r.header("Allow") != null, r::toString);
        }
    }

    @Test
    void malformedJsonIs400AndStoresNothing() {
        String name = Nodes.unique("Malformed");
        assertError(admin.send("POST", "/api/customers", "{\"company\":\"" + name + "\",", "application/json"),
                400, "malformed_json");
        assertError(admin.send("POST", "/api/customers", "{\"company\":\"" + name + "\"} {}", "application/json"),
                400, "malformed_json");
        assertNotStored(name);
    }

    @Test
    void aMissingBodyIs400() {
        assertError(admin.send("POST", "/api/customers", "", "application/json"), 400, null);
        assertError(admin.send("POST", "/api/customers", "null", "application/json"), 400, null);
    }

    @Test
    void plainTextIs415AndStoresNothing() {
        String name = Nodes.unique("Plain");
        assertError(admin.send("POST", "/api/customers", ApiClient.json(body(name)), "text/plain"),
                415, "unsupported_media_type");
        assertError(admin.send("POST", "/api/customers", ApiClient.json(body(name)), null), 415,
                "unsupported_media_type");
        assertNotStored(name);
    }

    @Test
    void duplicateEmailIs409AndStoresNothing() {
        JsonNode existing = Fixtures.customer(admin, Nodes.unique("Original"));
        String name = Nodes.unique("Copy");
        Map<String, Object> body = body(name);
        body.put("email", existing.get("email").asText().toUpperCase());
        ApiResponse r = admin.post("/api/customers", body);
        assertError(r, 409, "email_taken");
        assertEquals(Set.of("email"), detailFields(r));
        assertNotStored(name);
    }

    @Test
    void changingToAnotherCustomersEmailIs409AndChangesNothing() {
        JsonNode a = Fixtures.customer(admin, Nodes.unique("A"));
        JsonNode b = Fixtures.customer(admin, Nodes.unique("B"));
        assertError(admin.patch("/api/customers/" + id(b), Map.of("email", a.get("email").asText(), "company",
                "Renamed")),
                409, "email_taken");
        Map<String, Object> put = body(Nodes.unique("Renamed"));
        put.put("email", a.get("email").asText());
        assertError(admin.put("/api/customers/" + id(b), put), 409, "email_taken");
        assertEquals(b, admin.get("/api/customers/" + id(b)).json());
    }

    @Test
    void createNamesEveryMissingRequiredField() {
        ApiResponse r = admin.post("/api/customers", Map.of());
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("company", "owner", "email", "plan"), detailFields(r));
    }

    @Test
    void createRequiresThePlansNameAndPrice() {
        String name = Nodes.unique("NoPlan");
        Map<String, Object> body = body(name);
        body.put("plan", Map.of());
        ApiResponse r = admin.post("/api/customers", body);
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("plan.name", "plan.monthlyPrice"), detailFields(r));
        assertNotStored(name);
    }

    @Test
    void invalidFieldsAre422NamingEachFieldAndStoreNothing() {
        Map<String, Object> invalid = new HashMap<>();
        invalid.put("email", "not-an-email");
        invalid.put("phone", "call me maybe");
        invalid.put("company", "   ");
        invalid.put("plan", Map.of("name", "Basic", "monthlyPrice", -1));
        String name = Nodes.unique("Invalid");
        Map<String, Object> body = body(name);
        body.putAll(invalid);
        body.put("owner", name);
        ApiResponse r = admin.post("/api/customers", body);
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("email", "phone", "company", "plan.monthlyPrice"), detailFields(r));
        assertNotStored(name);
    }

    @Test
    void negativeMonthlyPriceIs422WithAReadableMessage() {
        String name = Nodes.unique("Negative");
        Map<String, Object> body = body(name);
        body.put("plan", Map.of("name", "Basic", "monthlyPrice", -0.01));
        ApiResponse r = admin.post("/api/customers", body);
        JsonNode error = assertError(r, 422, "validation_failed");
        assertEquals(Set.of("plan.monthlyPrice"), detailFields(r));
        String message = error.get("details").get(0).get("message").asText();
        assertTrue(message.matches("[a-z0-9 .]+"), "a plain sentence, not a message template: " + message);
        assertNotStored(name);
    }

    @Test
    void tooManyDecimalsInThePriceIs422() {
        String name = Nodes.unique("Decimals");
        Map<String, Object> body = body(name);
        body.put("plan", Map.of("name", "Basic", "monthlyPrice", 12.345));
        ApiResponse r = admin.post("/api/customers", body);
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("plan.monthlyPrice"), detailFields(r));
        assertNotStored(name);
    }

    @Test
    void unknownFieldIs422() {
        String name = Nodes.unique("Unknown");
        Map<String, Object> body = body(name);
        body.put("discount", 10);
        ApiResponse r = admin.post("/api/customers", body);
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("discount"), detailFields(r));
        assertNotStored(name);
    }

    @Test
    void wrongTypesAre422NamingTheField() {
        String name = Nodes.unique("Types");
        Map<Object, String> cases = Map.of(
                Map.of("company", List.of("a")), "company",
                Map.of("plan", "Gold"), "plan",
                Map.of("plan", Map.of("name", "Gold", "monthlyPrice", "cheap")), "plan.monthlyPrice",
                Map.of("plan", Map.of("name", Map.of(), "monthlyPrice", 1)), "plan.name");
        cases.forEach((change, field) -> {
            Map<String, Object> body = body(name);
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) change;
            body.putAll(fields);
            ApiResponse r = admin.post("/api/customers", body);
            assertError(r, 422, "validation_failed");
            assertEquals(Set.of(field), detailFields(r), change::toString);
        });
        assertNotStored(name);
    }

    @Test
    void unknownStatusIs422() {
        String name = Nodes.unique("BadStatus");
        Map<String, Object> body = body(name);
        body.put("status", "bogus");
        ApiResponse r = admin.post("/api/customers", body);
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("status"), detailFields(r));
        assertNotStored(name);

        JsonNode c = Fixtures.customer(admin, Nodes.unique("KeepsStatus"));
        assertError(admin.patch("/api/customers/" + id(c), Map.of("status", "ACTIVE")), 422, "validation_failed");
        assertError(admin.patch("/api/customers/" + id(c), Map.of("status", 1)), 422, "validation_failed");
        assertEquals(c, admin.get("/api/customers/" + id(c)).json());
    }

    @Test
    void nulCharactersAre422NotAServerError() {
        String name = Nodes.unique("Nul");
        ApiResponse r = admin.send("POST", "/api/customers", "{\"company\":\"" + name + "\\u0000\",\"owner\":\"O\","
                + "\"email\":\"" + name + "@x.example\",\"plan\":{\"name\":\"P\\u0000\",\"monthlyPrice\":1}}",
                "application/json");
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("company", "plan.name"), detailFields(r));
        assertNotStored(name);
        assertError(admin.get("/api/customers?q=a%00b"), 400, "invalid_parameter");
    }

    @Test
    void putRequiresEveryField() {
        JsonNode c = Fixtures.customer(admin, Nodes.unique("PutAll"));
        Map<String, Object> body = body(Nodes.unique("Partial"));
        body.remove("status");
        body.remove("owner");
        ApiResponse r = admin.put("/api/customers/" + id(c), body);
        assertError(r, 422, "validation_failed");
        assertEquals(Set.of("status", "owner"), detailFields(r));
        assertEquals(c, admin.get("/api/customers/" + id(c)).json());
    }

    @Test
    void invalidPatchChangesNothing() {
        JsonNode c = Fixtures.customer(admin, Nodes.unique("PatchBad"));
        String path = "/api/customers/" + id(c);
        assertError(admin.patch(path, Map.of("company", "", "status", "trial")), 422, "validation_failed");
        assertError(admin.patch(path, Map.of("email", "nope", "status", "trial")), 422, "validation_failed");
        assertError(admin.patch(path, Map.of("plan", Map.of("monthlyPrice", -5))), 422, "validation_failed");
        assertError(admin.patch(path, Map.of("id", UUID.randomUUID().toString())), 422, "validation_failed");
        assertError(admin.send("PATCH", path, "{\"status\":", "application/json"), 400, "malformed_json");
        assertEquals(c, admin.get(path).json());
    }

    // -------------------------------------------------------------------------------------------------- helpers

    @Test
    void listSortsByAWhitelistedColumnEitherWayIgnoringCaseWithTheIdAsTieBreak() {
        String word = Nodes.unique("Sorted");
        String beta = id(expect(admin.post("/api/customers", body(word + " beta")), 201).json());
        String alpha = id(expect(admin.post("/api/customers", body(word + " Alpha")), 201).json());
        String gamma = id(expect(admin.post("/api/customers", body(word + " Gamma")), 201).json());
        assertEquals(List.of(alpha, beta, gamma), ids(admin.get("/api/customers?q=" + word + "&sort=company")));
        assertEquals(List.of(gamma, beta, alpha), ids(admin.get("/api/customers?q=" + word + "&sort=-company")));
        assertEquals(List.of(gamma, alpha, beta), ids(admin.get("/api/customers?q=" + word)),
                "newest first by default");
        assertEquals(List.of(beta, alpha, gamma), ids(admin.get("/api/customers?q=" + word + "&sort=createdAt")));
        assertEquals(List.of(alpha, beta), ids(admin.get("/api/customers?q=" + word + "&sort=company&limit=2")));
        assertEquals(List.of(gamma), ids(admin.get("/api/customers?q=" + word + "&sort=company&limit=2&offset=2")));
        for (String sort : List.of("owner", "-email", "plan", "status", "-createdAt")) {
            assertEquals(3, ids(expect(admin.get("/api/customers?q=" + word + "&sort=" + sort), 200)).size(), sort);
        }
    }

    @Test
    void anUnknownSortOrAnOverlongSearchIsA400NamingTheParameter() {
        for (String sort : List.of("password", "--company", "company,email", "c.id", "-", "Company")) {
            ApiResponse r = admin.get("/api/customers?sort=" + java.net.URLEncoder.encode(sort,
                    java.nio.charset.StandardCharsets.UTF_8));
            assertError(r, 400, "invalid_parameter");
            assertEquals(Set.of("sort"), detailFields(r), r::toString);
            assertTrue(r.body().contains("company, -company, owner"), r::toString);
        }
        ApiResponse overlong = admin.get("/api/customers?q=" + "x".repeat(101));
        assertError(overlong, 400, "invalid_parameter");
        assertEquals(Set.of("q"), detailFields(overlong));
        expect(admin.get("/api/customers?q=" + "x".repeat(100)), 200);
    }

    @Test
    void totalsCountEveryCustomerWithItsPropertiesAndUsers() {
        JsonNode before = expect(admin.get("/api/customers/totals"), 200).json();
        String c = id(Fixtures.customer(admin, Nodes.unique("Totals")));
        Fixtures.customerUser(admin, c, "OWNER");
        Fixtures.customerUser(admin, c, "TENANT");
        JsonNode after = expect(admin.get("/api/customers/totals"), 200).json();
        assertEquals(before.get("customers").asLong() + 1, after.get("customers").asLong());
        assertEquals(before.get("users").asLong() + 2, after.get("users").asLong());
        assertEquals(before.get("properties").asLong(), after.get("properties").asLong());
        assertEquals(expect(admin.get("/api/customers?limit=1"), 200).json().get("total").asLong(),
                after.get("customers").asLong());
    }

    private static Map<String, Object> body(String company) {
        Map<String, Object> body = new HashMap<>();
        body.put("company", company);
        body.put("owner", "Owner " + company);
        body.put("email", company.toLowerCase().replaceAll("[^a-z0-9]", "") + "@customers.example");
        body.put("phone", "+1 555 0100");
        body.put("status", "trial");
        body.put("plan", Map.of("name", "Starter", "monthlyPrice", new BigDecimal("49.90")));
        return body;
    }

    private static void assertNotStored(String company) {
        JsonNode page = assertPage(admin.get("/api/customers?q=" + company), 50, 0);
        assertEquals(0, page.get("total").asInt(), () -> "a customer named " + company + " was stored: " + page);
    }

    private static String id(JsonNode c) {
        return c.get("id").asText();
    }
}
