package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The non-blocking writer of one stream against a servlet output whose readiness the test controls. */
class StreamWriterTest {
    private static final StreamWriter.Feed NO_FEED = new StreamWriter.Feed() {
        @Override
        public void drained() {
        }

        @Override
        public boolean wantsMore() {
            return false;
        }
    };

    private final FakeServletOutput output = new FakeServletOutput();
    private final AtomicInteger closed = new AtomicInteger();

    @Test
    void framesHandedOverBeforeTheContainerIsReadyWaitAndThenGoOutInOrderInOneWrite() {
        StreamWriter writer = writer(16, NO_FEED);
        writer.send(frame("a"));
        writer.send(frame("b"));
        writer.send(frame("c"));
        assertEquals("", output.text(), "nothing is written before the container's first onWritePossible");

        output.open();

        assertEquals("data: a\n\ndata: b\n\ndata: c\n\n", output.text());
        assertEquals(1, output.writes().size(), "frames that waited together go out in one write");
        assertTrue(writer.isOpen());
    }

    @Test
    void aFrameForAnIdleStreamIsWrittenAtOnce() {
        StreamWriter writer = writer(16, NO_FEED);
        output.open();

        writer.send(frame("a"));

        assertEquals("data: a\n\n", output.text());
    }

    @Test
    void framesSentWhileTheSocketIsFullAreWrittenInOrderOnceItDrains() {
        StreamWriter writer = writer(16, NO_FEED);
        output.open();
        output.fillAfterEachWrite();
        writer.send(frame("a"));
        writer.send(frame("b"));
        writer.send(frame("c"));
        assertEquals("data: a\n\n", output.text(), "b and c wait for the socket");

        output.neverFill();
        output.drain();

        assertEquals("data: a\n\ndata: b\n\ndata: c\n\n", output.text());
        assertEquals(List.of(9, 18), output.writes(), "b and c, which waited together, in one write");
    }

    @Test
    void framesThatWaitedTogetherAreJoinedIntoWritesOfAtMost64KiB() {
        StreamWriter writer = writer(16, NO_FEED);
        byte[] big = new byte[30 * 1024];
        Arrays.fill(big, (byte) 'x');
        writer.send(big);
        writer.send(big);
        writer.send(big);

        output.open();

        assertEquals(List.of(2 * big.length, big.length), output.writes());
        assertTrue(output.writes().stream().allMatch(n -> n <= StreamWriter.MAX_WRITE));
    }

    @Test
    void aQueueFilledToItsLimitIsStillWritten() {
        StreamWriter writer = writer(3, NO_FEED);
        writer.send(frame("a"));
        writer.send(frame("b"));
        writer.send(frame("c"));

        output.open();

        assertEquals("data: a\n\ndata: b\n\ndata: c\n\n", output.text());
        assertTrue(writer.isOpen());
        assertNull(writer.closeReason());
    }

    @Test
    void oneFrameBeyondTheLimitCutsTheStreamAndDropsWhatWaited() {
        StreamWriter writer = writer(3, NO_FEED);
        for (String s : List.of("a", "b", "c", "d")) {
            writer.send(frame(s));
        }

        assertFalse(writer.isOpen());
        assertEquals("slow consumer", writer.closeReason());
        assertEquals(1, closed.get(), "told once that the stream closed");
        assertEquals(1, output.completions(), "the response completes, so the client reconnects");
        output.open();
        writer.send(frame("e"));
        assertEquals("", output.text(), "nothing of a cut stream is written");
    }

    @Test
    void closeAfterWritesTheLastFrameBehindTheQueuedOnesThenEnds() {
        StreamWriter writer = writer(16, NO_FEED);
        output.open();
        output.fillAfterEachWrite();
        writer.send(frame("a"));
        writer.send(frame("b"));

        writer.closeAfter(frame("bye"), "token expired");
        writer.send(frame("after"));

        assertTrue(writer.isOpen(), "still writing what it queued");
        assertEquals(0, closed.get());
        output.neverFill();
        output.drain();
        assertEquals("data: a\n\ndata: b\n\ndata: bye\n\n", output.text(), "nothing after the last frame");
        assertFalse(writer.isOpen());
        assertEquals("token expired", writer.closeReason());
        assertEquals(1, closed.get());
        assertEquals(1, output.completions());
    }

    @Test
    void aCutEndsTheStreamAtOnceAndDropsWhatIsQueued() {
        StreamWriter writer = writer(16, NO_FEED);
        output.open();
        output.fillAfterEachWrite();
        writer.send(frame("a"));
        writer.send(frame("b"));

        writer.cut("closed by the client");

        assertFalse(writer.isOpen(), "ends without waiting for the socket");
        assertEquals("closed by the client", writer.closeReason());
        assertEquals(1, closed.get());
        assertEquals(1, output.completions());
        output.drain();
        assertEquals("data: a\n\n", output.text());
    }

    @Test
    void aCutDuringAWriteEndsTheStreamWhenThatWriteReturns() {
        StreamWriter writer = writer(16, NO_FEED);
        byte[] big = new byte[40 * 1024];
        Arrays.fill(big, (byte) 'x');
        writer.send(big);
        writer.send(big);
        output.duringWrite(bytes -> writer.cut("closed by the client"));

        output.open();

        assertEquals(List.of(big.length), output.writes(), "the second frame is dropped");
        assertFalse(writer.isOpen());
        assertEquals(1, closed.get());
        assertEquals(1, output.completions());
    }

    @Test
    void aFailedWriteEndsTheStream() {
        StreamWriter writer = writer(16, NO_FEED);
        output.open();
        output.failWritesWith(new IOException("Broken pipe"));

        writer.send(frame("a"));

        assertFalse(writer.isOpen());
        assertEquals("write failed", writer.closeReason());
        assertEquals(1, closed.get());
        assertEquals(1, output.completions());
    }

    @Test
    void anErrorFromTheContainerEndsTheStreamOnce() {
        StreamWriter writer = writer(16, NO_FEED);
        output.open();

        writer.onError(new EOFException("reset by peer"));
        writer.onError(new EOFException("reset by peer"));
        writer.send(frame("a"));

        assertFalse(writer.isOpen());
        assertEquals("write failed", writer.closeReason());
        assertEquals(1, closed.get(), "told once");
        assertEquals(1, output.completions());
        assertEquals("", output.text());
    }

    @Test
    void theFeedIsToldEachTimeTheQueueDrainsAndWhatItQueuesThenIsWritten() {
        List<byte[]> batches = new ArrayList<>(List.of(frame("page 2"), frame("page 3")));
        AtomicInteger told = new AtomicInteger();
        StreamWriter[] writer = new StreamWriter[1];
        writer[0] = writer(16, new StreamWriter.Feed() {
            @Override
            public void drained() {
                told.incrementAndGet();
                if (!batches.isEmpty()) {
                    // As a replay page read on another thread could: queued while this writer is still writing.
                    writer[0].enqueue(batches.remove(0));
                    writer[0].flush();
                }
            }

            @Override
            public boolean wantsMore() {
                return false;
            }
        });
        writer[0].send(frame("page 1"));

        output.open();

        assertEquals("data: page 1\n\ndata: page 2\n\ndata: page 3\n\n", output.text());
        assertEquals(3, told.get());
    }

    @Test
    void aFeedThatWantsMoreAfterTheQueueDrainedIsToldAgainBeforeTheWriterGoesIdle() {
        AtomicInteger told = new AtomicInteger();
        AtomicBoolean wants = new AtomicBoolean();
        StreamWriter writer = writer(16, new StreamWriter.Feed() {
            @Override
            public void drained() {
                // The first time, a page arrives as if right after this call (its flush found the writer busy).
                wants.set(told.incrementAndGet() == 1);
            }

            @Override
            public boolean wantsMore() {
                return wants.get();
            }
        });

        output.open();

        assertEquals(2, told.get());
    }

    @Test
    void framesFromManyThreadsAreEachWrittenOnceInTheirOrderByOneThreadAtATime() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        StreamWriter writer = writer(threads * perThread, NO_FEED);
        int total = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                total += frame("t" + t + " " + i).length;
            }
        }
        int expected = total;
        output.fillAfterEachWrite();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            // The container's side: the socket drains now and then, on a thread of its own, until all is written.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Future<?> container = pool.submit(() -> {
                while (output.size() < expected && System.nanoTime() < deadline) {
                    output.drain();
                    Thread.yield();
                }
            });
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "t" + t;
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        writer.send(frame(name + " " + i));
                    }
                }));
            }
            for (Future<?> s : senders) {
                s.get(20, TimeUnit.SECONDS);
            }
            container.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(expected, output.size(), "every frame written, within 20 s");
        List<String> lines = List.of(output.text().split("\n\n"));
        assertEquals(threads * perThread, lines.size(), "each frame once");
        for (int t = 0; t < threads; t++) {
            String prefix = "data: t" + t + " ";
            List<String> own = lines.stream().filter(l -> l.startsWith(prefix)).toList();
            for (int i = 0; i < perThread; i++) {
                assertEquals(prefix + i, own.get(i), "thread " + t + "'s frames in their order");
            }
        }
        assertEquals(0, output.overlaps(), "never two threads writing at once");
        assertTrue(writer.isOpen());
    }

    private StreamWriter writer(int queueLimit, StreamWriter.Feed feed) {
        StreamWriter writer = new StreamWriter("stream-1", UUID.randomUUID(), queueLimit, output.async,
                output.frameOutput(), feed, closed::incrementAndGet);
        output.setWriteListener(writer);
        return writer;
    }

    private static byte[] frame(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
