package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFramesTest {

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Test
    void eventFrameFollowsTheWhatwgWireFormat() {
        assertEquals("id: 42\nevent: customer:updated\ndata: {\"a\":1}\n\n",
                text(SseFrames.event("42", "customer:updated", "{\"a\":1}")));
    }

    @Test
    void frameWithoutIdLeavesTheClientsLastEventIdAlone() {
        assertEquals("event: ready\ndata: {}\n\n", text(SseFrames.event(null, "ready", "{}")));
    }

    @Test
    void lineBreaksInDataBecomeSeveralDataLinesSoTheFrameCannotEndEarly() {
        String frame = text(SseFrames.event("1", "x:y", "line1\n\nid: 99\r\nevent: evil"));
        assertEquals("id: 1\nevent: x:y\ndata: line1\ndata: \ndata: id: 99\ndata: event: evil\n\n", frame);
    }

    @Test
    void crOrLfInIdOrEventNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SseFrames.event("1\nevent: evil", "x:y", "{}"));
        assertThrows(IllegalArgumentException.class, () -> SseFrames.event("1", "x:y\r\ndata: evil", "{}"));
    }

    @Test
    void eventNamesAcceptOnlyASafeAlphabet() {
        assertFalse(EventNames.isValid("customer:updated\n"));
        assertFalse(EventNames.isValid("a b"));
        assertFalse(EventNames.isValid(""));
        assertEquals("customer:updated", EventNames.requireValid("customer:updated"));
    }

    /** No blank line after a frame without data: parsers that dispatch on every blank line see no empty event. */
    @Test
    void pingIsACommentLineWithoutABlankLine() {
        assertEquals(": ping\n", text(SseFrames.PING));
    }

    @Test
    void retryTravelsInsideARealEvent() {
        assertEquals("retry: 3000\nevent: ready\ndata: {}\n\n", text(SseFrames.event(null, "ready", "{}", 3000)));
        assertEquals("retry: 0\nid: 7\nevent: x\ndata: 1\n\n", text(SseFrames.event("7", "x", "1", 0)));
    }
}
