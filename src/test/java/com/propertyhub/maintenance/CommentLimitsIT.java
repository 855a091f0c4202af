package com.propertyhub.maintenance;

import static com.propertyhub.maintenance.MaintenanceTeam.WAIT;
import static com.propertyhub.maintenance.MaintenanceTeam.id;
import static com.propertyhub.maintenance.MaintenanceTeam.openReady;
import static com.propertyhub.testsupport.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.NodeTest;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A comment thread cannot grow the event log faster than the thread itself: events carry the new comment, not
 * the thread; comments are at most 2,000 characters; and one user posts at most 20 a minute.
 */
class CommentLimitsIT extends NodeTest {
    private static final int MAX_LENGTH = 2000;

    @Test
    void commentEventsStayTheSameSizeAsTheThreadGrows() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        JsonNode request = team.openRequest("Leaking roof");
        String path = "/api/maintenance/" + id(request) + "/comments";
        List<ApiClient> authors = List.of(team.tenant, team.manager, team.owner);
        int comments = 3 * 12;
        try (SseClient owner = openReady(team.owner)) {
            for (int i = 0; i < comments; i++) {
                String body = String.format("%04d", i) + "x".repeat(MAX_LENGTH - 4);
                expect(authors.get(i % authors.size()).post(path, Map.of("body", body)), 201);
            }
            owner.awaitCount("maintenance:updated", comments, WAIT);
            expect(team.manager.patch("/api/maintenance/" + id(request), Map.of("status", "in_progress")), 200);
            owner.awaitCount("maintenance:updated", comments + 1, WAIT);

            List<SseEvent> updates = owner.named("maintenance:updated");
            int first = bytes(updates.get(0));
            for (int i = 0; i < comments; i++) {
                SseEvent e = updates.get(i);
                assertEquals(i + 1, e.json().get("request").get("commentCount").asInt());
                assertFalse(e.json().get("request").has("comments"), "no thread in an event");
                assertTrue(e.json().get("comment").get("body").asText().startsWith(String.format("%04d", i)));
                assertTrue(bytes(e) < first + 200, "comment " + (i + 1) + " makes an event of " + bytes(e)
                        + " bytes, the first one made " + first);
            }
            SseEvent statusChange = updates.get(comments);
            assertTrue(bytes(statusChange) < first, "a status change after " + comments + " comments is "
                    + bytes(statusChange) + " bytes");
        }
        JsonNode thread = expect(team.owner.get("/api/maintenance/" + id(request)), 200).json();
        assertEquals(comments, thread.get("comments").size(), "the thread itself is all there");
    }

    @Test
    void aCommentOverTwoThousandCharactersIs422OnBody() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        String path = "/api/maintenance/" + id(team.openRequest("Broken heater")) + "/comments";
        ApiResponse refused = team.tenant.post(path, Map.of("body", "y".repeat(MAX_LENGTH + 1)));
        assertEquals(422, refused.status(), refused::toString);
        assertEquals("validation_failed", refused.errorCode());
        assertEquals("body", refused.json().get("error").get("details").get(0).get("field").asText());
        expect(team.tenant.post(path, Map.of("body", "y".repeat(MAX_LENGTH))), 201);
        assertEquals(1, expect(team.tenant.get(path.replace("/comments", "")), 200).json().get("commentCount").asInt());
    }

    @Test
    void aCommentFloodIs429WithRetryAfterForThatUserOnly() {
        MaintenanceTeam team = MaintenanceTeam.create(admin);
        String path = "/api/maintenance/" + id(team.openRequest("Noisy pipes")) + "/comments";
        ApiResponse last = null;
        int accepted = 0;
        for (int i = 0; i < 25; i++) {
            last = team.tenant.post(path, Map.of("body", "again " + i));
            if (last.status() == 201) {
                accepted++;
            } else {
                break;
            }
        }
        assertEquals(429, last.status(), last::toString);
        assertTrue(accepted >= 19 && accepted <= 21, "about 20 a minute get through: " + accepted);
        assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1, "Retry-After: " + last.header("Retry-After"));
        assertEquals("rate_limited", last.errorCode());
        expect(team.owner.post(path, Map.of("body", "the owner can still answer")), 201);
        assertEquals(accepted + 1, expect(team.owner.get(path.replace("/comments", "")), 200).json()
                .get("commentCount").asInt(), "refused comments were not stored");
    }

    private static int bytes(SseEvent e) {
        return e.data().getBytes(StandardCharsets.UTF_8).length;
    }
}
