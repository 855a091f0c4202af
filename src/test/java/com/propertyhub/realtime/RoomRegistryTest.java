package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The registry under the churn of reconnecting browsers: one stream of a room leaves at the moment another one
 * joins. Both threads meet at a barrier right before, so the two operations overlap as often as possible.
 */
class RoomRegistryTest {
    /** Per test; the unfixed registry typically failed within a few seconds of rounds on two busy cores. */
    private static final Duration BUDGET = Duration.ofSeconds(3);
    private static final UUID CUSTOMER = UUID.randomUUID();

    @Test
    void aStreamJoiningWhileTheLastMemberLeavesIsStillInTheRoom() throws Exception {
        RoomRegistry registry = new RoomRegistry(1_000, 1);
        AuthUser leaving = new AuthUser(UUID.randomUUID(), Role.TENANT, CUSTOMER, Instant.MAX, 0);
        AuthUser joining = new AuthUser(UUID.randomUUID(), Role.OWNER, CUSTOMER, Instant.MAX, 0);
        String room = Rooms.customer(CUSTOMER);
        race(registry, leaving, joining, () -> assertEquals(1, registry.roomSize(room),
                "the joining stream is in " + room + " (and can be delivered to)"));
    }

    @Test
    void aLargeRoomSplitOverFanoutThreadsGetsEveryEventOnceAndInOrderOnEveryStream() {
        try (RoomRegistry registry = new RoomRegistry(1_000_000, 3)) {
            AuthUser admin = new AuthUser(UUID.randomUUID(), Role.SUPER_ADMIN, null, Instant.MAX, 0);
            java.util.List<SseConnection> streams = new java.util.ArrayList<>();
            for (int i = 0; i < RoomRegistry.PARALLEL_FROM + 500; i++) {
                SseConnection c = connection(admin);
                registry.add(c, 0);
                c.goLive();
                streams.add(c);
            }
            java.util.Set<Integer> shares = new java.util.HashSet<>();
            streams.forEach(c -> shares.add(c.share()));
            assertEquals(java.util.Set.of(0, 1, 2), shares, "the streams are spread over the three fan-out threads");
            for (long id = 1; id <= 3; id++) {
                assertEquals(streams.size(),
                        registry.deliver(new Event(id, Rooms.ADMINS, "test:tick", "{}", Instant.now())));
                // A stream records the last event it accepted; an event out of order or twice would be dropped.
                for (SseConnection c : streams) {
                    assertEquals(id, c.replayedThrough(), "stream " + c.id());
                }
            }
        }
    }

    @Test
    void aUsersStreamCountSurvivesAnotherOfItsStreamsClosingAtTheSameTime() throws Exception {
        RoomRegistry registry = new RoomRegistry(1_000, 1);
        AuthUser user = new AuthUser(UUID.randomUUID(), Role.SUPPORT, null, Instant.MAX, 0);
        race(registry, user, user, () -> assertEquals(1, registry.streamsOf(user.id()),
                "the user has one stream open"));
    }

    /**
     * Each round: the leaving stream is open; then it is removed while the joining one is added; then (both done)
     * {@code check} runs with only the joining stream open, which is removed before the next round.
     */
    private static void race(RoomRegistry registry, AuthUser leaving, AuthUser joining, Runnable check)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CyclicBarrier done = new CyclicBarrier(2);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicBoolean more = new AtomicBoolean(true);
            Future<?> leaver = pool.submit(() -> {
                while (true) {
                    SseConnection c = connection(leaving);
                    registry.add(c, 0);
                    start.await(10, TimeUnit.SECONDS);
                    registry.remove(c);
                    done.await(10, TimeUnit.SECONDS);
                    done.await(10, TimeUnit.SECONDS);
                    if (!more.get()) {
                        return null;
                    }
                }
            });
            long deadline = System.nanoTime() + BUDGET.toNanos();
            while (more.get()) {
                SseConnection c = connection(joining);
                start.await(10, TimeUnit.SECONDS);
                registry.add(c, 0);
                done.await(10, TimeUnit.SECONDS);
                try {
                    check.run();
                } finally {
                    registry.remove(c);
                    more.set(System.nanoTime() < deadline);
                    done.await(10, TimeUnit.SECONDS);
                }
            }
            leaver.get(10, TimeUnit.SECONDS);
            assertEquals(0, registry.size());
            assertEquals(0, registry.streamsOf(joining.id()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static SseConnection connection(AuthUser user) {
        return new SseConnection(UUID.randomUUID().toString(), user, Rooms.of(user, 0), EventFilter.parse(null), 16,
                null, null, c -> { });
    }
}
