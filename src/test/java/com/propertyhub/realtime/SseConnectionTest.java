package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A stream's replay/live gate: what of the log's replay and of the live events reaches the writer, in which order,
 * against a servlet output whose readiness the test controls.
 */
class SseConnectionTest {
    private static final AuthUser USER = new AuthUser(UUID.randomUUID(), Role.SUPPORT, null, Instant.MAX, 0);

    private final FakeServletOutput output = new FakeServletOutput();
    private final AtomicInteger pagesAsked = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    @Test
    void liveEventsHeldDuringTheReplayFollowItInOrderWithoutRepeats() {
        SseConnection c = connection(16, null);
        c.resumeAfter(2);
        c.replayFromLog(pagesAsked::incrementAndGet);
        c.offer(event(4));
        c.offer(event(5));
        assertEquals(List.of(), output.ids(), "live events wait while the stream replays");

        c.replayPage(events(3, 4), true);
        c.offer(event(6));

        assertEquals(List.of(3L, 4L, 5L, 6L), output.ids(), "4 came with the replay and is not written again");
        assertEquals(6, c.replayedThrough());
        assertEquals(0, pagesAsked.get(), "a page shorter than asked for ends the replay");
    }

    @Test
    void aLiveEventTheStreamAlreadyHasIsNotWrittenAgain() {
        SseConnection c = connection(16, null);
        c.resumeAfter(5);
        c.goLive();

        c.offer(event(4));
        c.offer(event(5));
        c.offer(event(6));
        c.offer(event(6));

        assertEquals(List.of(6L), output.ids());
        assertEquals(6, c.replayedThrough(), "the last id queued");
    }

    @Test
    void liveEventsBeyondTheLimitDuringAPagedReplayAreReadFromTheLogInstead() {
        SseConnection c = connection(4, null);
        c.resumeAfter(0);
        c.replayFromLog(pagesAsked::incrementAndGet);
        for (long id = 1; id <= 5; id++) {
            c.offer(event(id)); // the fifth is one more than may be held: all are dropped from memory
        }

        c.replayPage(events(1, 2), true);
        assertTrue(c.isOpen());
        assertEquals(1, pagesAsked.get(), "the log is read on, as the held events were dropped");
        c.offer(event(6));
        assertEquals(List.of(1L, 2L), output.ids(), "6 is held: the stream is not live yet");

        c.replayPage(events(3, 6), true);
        c.offer(event(7));

        assertEquals(LongStream.rangeClosed(1, 7).boxed().toList(), output.ids(), "no gap, no repeat");
        assertEquals(1, pagesAsked.get());
    }

    @Test
    void tooManyLiveEventsBeforeTheReplayReadsFromTheLogCutTheStream() {
        SseConnection c = connection(4, null);
        for (long id = 1; id <= 4; id++) {
            c.offer(event(id));
        }
        assertTrue(c.isOpen(), "as many as the limit may be held");

        c.offer(event(5));

        assertFalse(c.isOpen());
        assertEquals("too many events while replaying", c.closeReason());
        assertEquals(1, closed.get());
        assertEquals(List.of(), output.ids());
    }

    @Test
    void theNextPageIsAskedForOnceThePreviousOneIsWrittenAndOnlyOnce() {
        SseConnection c = connection(16, null);
        c.replayFromLog(pagesAsked::incrementAndGet);
        c.send(SseFrames.PING);
        assertEquals(0, pagesAsked.get(), "the caller reads the first page: none is asked for before it arrived");

        output.fillAfterEachWrite();
        c.replayPage(events(1, 3), false);
        assertEquals(0, pagesAsked.get(), "the page is not written yet");
        output.drain();
        assertEquals(1, pagesAsked.get(), "written: the next page is asked for");
        output.drain();
        c.send(SseFrames.PING);
        output.drain();
        assertEquals(1, pagesAsked.get(), "asked for once, however often the queue drains meanwhile");

        c.replayPage(events(4, 6), false);
        output.drain();
        assertEquals(2, pagesAsked.get());
        c.replayPage(List.of(), true);
        output.drain();
        c.send(SseFrames.PING);
        output.drain();

        assertEquals(2, pagesAsked.get(), "a live stream asks for no page");
        assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(), output.ids());
    }

    @Test
    void aResyncEndsTheReplayAndTheHeldEventsBeyondItFollow() {
        SseConnection c = connection(16, null);
        c.replayFromLog(pagesAsked::incrementAndGet);
        c.offer(event(8));
        c.offer(event(9));

        c.resumeAfter(8);
        c.endReplay(SseFrames.event("8", "resync", "{\"reason\":\"unknown position\"}"));
        c.offer(event(10));

        assertEquals(List.of(8L, 9L, 10L), output.ids(), "the resync's own id 8, then 9 and 10");
        assertTrue(output.text().startsWith("id: 8\nevent: resync\n"), output.text());
    }

    @Test
    void transientSignalsReachOnlyALiveStream() {
        SseConnection c = connection(16, null);
        TransientEvent typing = new TransientEvent(Rooms.ADMINS, "chat:typing", "{}");

        assertFalse(c.offerTransient(typing), "dropped while replaying");
        c.goLive();
        assertTrue(c.offerTransient(typing));

        assertEquals("event: chat:typing\ndata: {}\n\n", output.text());
    }

    @Test
    void theFilterDecidesWhatIsWrittenWhileEveryEventAdvancesThePosition() {
        SseConnection c = connection(16, "test:kept");
        c.replayFromLog(pagesAsked::incrementAndGet);
        c.offer(new Event(3, Rooms.ADMINS, "test:other", "{}", Instant.now()));

        c.replayPage(List.of(new Event(1, Rooms.ADMINS, "test:kept", "{}", Instant.now()),
                new Event(2, Rooms.ADMINS, "test:other", "{}", Instant.now())), true);
        c.offer(new Event(4, Rooms.ADMINS, "test:kept", "{}", Instant.now()));
        c.offer(new Event(5, Rooms.ADMINS, "test:other", "{}", Instant.now()));

        assertEquals(List.of(1L, 4L), output.ids());
        assertEquals(5, c.replayedThrough());
        assertFalse(c.offerTransient(new TransientEvent(Rooms.ADMINS, "test:other", "{}")));
    }

    /** A stream whose output the container has already called once (as it does after setWriteListener). */
    private SseConnection connection(int queueLimit, String filter) {
        SseConnection c = new SseConnection("stream-1", USER, Rooms.of(USER, 0), EventFilter.parse(filter),
                queueLimit, output.async, output.frameOutput(), closedStream -> closed.incrementAndGet());
        output.setWriteListener(c.writer());
        output.open();
        return c;
    }

    private static Event event(long id) {
        return new Event(id, Rooms.ADMINS, "test:tick", "{\"n\":" + id + "}", Instant.now());
    }

    private static List<Event> events(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(SseConnectionTest::event).toList();
    }
}
