package com.propertyhub.realtime;

import static com.propertyhub.realtime.RealtimeFixtures.WAIT;
import static com.propertyhub.realtime.RealtimeFixtures.marker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.ApiResponse;
import com.propertyhub.testsupport.Fixtures;
import com.propertyhub.testsupport.SseClient;
import com.propertyhub.testsupport.TestCluster;
import com.propertyhub.testsupport.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /api/events/{connectionId}}: a client ends one of its own streams at once (a browser tab being
 * closed), on whichever node of the cluster holds it; nobody can end another user's stream. The nodes keep the
 * default heartbeat, so a stream that ends within the wait here was ended by the request, not by a failed write.
 */
class StreamCloseIT {
    private static TestCluster cluster;
    private static TestNode a;
    private static TestNode b;
    private static ApiClient rootOnA;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(Map.of("PRESENCE", "false"));
        a = cluster.start("close-a");
        b = cluster.start("close-b");
        rootOnA = a.api().loginAsAdmin();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String connectionId(SseClient stream) {
        return stream.await("ready", WAIT).json().get("connectionId").asText();
    }

    @Test
    void closingOwnStreamThroughAnyNodeEndsJustThatStream() {
        ApiClient user = Fixtures.loginAs(rootOnA, Fixtures.staff(rootOnA, "SUPPORT"));
        SseClient closed = cluster.open(a, user.token());
        SseClient sameUserOtherTab = cluster.open(a, user.token());
        SseClient onOtherNode = cluster.open(b, user.token());

        ApiResponse answer = b.api().as(user.token()).delete("/api/events/" + connectionId(closed));

        assertEquals(204, answer.status(), answer.toString());
        closed.awaitEnded(WAIT);
        marker(rootOnA, List.of(sameUserOtherTab, onOtherNode));
        assertFalse(sameUserOtherTab.ended() || onOtherNode.ended(), "the user's other streams stay open");
        // Once more, on the node that holds it: nothing left to end, same answer.
        assertEquals(204, a.api().as(user.token()).delete("/api/events/" + connectionId(closed)).status());
    }

    @Test
    void anotherUsersStreamIsNotEnded() {
        ApiClient owner = Fixtures.loginAs(rootOnA, Fixtures.staff(rootOnA, "SUPPORT"));
        ApiClient other = Fixtures.loginAs(rootOnA, Fixtures.staff(rootOnA, "ADMIN"));
        SseClient stream = cluster.open(a, owner.token());
        String id = connectionId(stream);

        // Asked on the node that holds the stream, where the request is handled before it answers.
        assertEquals(204, a.api().as(other.token()).delete("/api/events/" + id).status());
        assertEquals(204, a.api().as(rootOnA.token()).delete("/api/events/" + id).status());

        marker(rootOnA, List.of(stream));
        assertFalse(stream.ended(), "another user (even a super admin) cannot end the stream");
    }

    @Test
    void anotherUsersStreamIsNotEndedFromAnotherNode() {
        ApiClient owner = Fixtures.loginAs(rootOnA, Fixtures.staff(rootOnA, "SUPPORT"));
        ApiClient other = Fixtures.loginAs(rootOnA, Fixtures.staff(rootOnA, "ADMIN"));
        SseClient stream = cluster.open(a, owner.token());
        SseClient sentinel = cluster.open(a, owner.token());

        // Asked on node b, which does not hold the stream: the request travels to node a after the answer.
        assertEquals(204, b.api().as(other.token()).delete("/api/events/" + connectionId(stream)).status());
        assertEquals(204, b.api().as(rootOnA.token()).delete("/api/events/" + connectionId(stream)).status());
        // The owner's own request, sent the same way after those two, ends the sentinel: by then node a has
        // handled the others too.
        assertEquals(204, b.api().as(owner.token()).delete("/api/events/" + connectionId(sentinel)).status());
        sentinel.awaitEnded(WAIT);

        marker(rootOnA, List.of(stream));
        assertFalse(stream.ended(), "another user (even a super admin), on another node, cannot end the stream");
    }

    @Test
    void badRequestsGetTheErrorShapeAndEndNothing() {
        ApiClient user = Fixtures.loginAs(rootOnA, Fixtures.staff(rootOnA, "SUPPORT"));
        SseClient stream = cluster.open(a, user.token());
        String id = connectionId(stream);

        ApiResponse malformed = a.api().as(user.token()).delete("/api/events/not-a-stream");
        assertEquals(404, malformed.status(), malformed.toString());
        assertEquals("not_found", malformed.errorCode());
        ApiResponse anonymous = a.api().delete("/api/events/" + id);
        assertEquals(401, anonymous.status(), anonymous.toString());
        ApiResponse forged = a.api().as(user.token() + "x").delete("/api/events/" + id);
        assertEquals(401, forged.status(), forged.toString());

        marker(rootOnA, List.of(stream));
        assertFalse(stream.ended(), "no refused request ended the stream");
    }
}
