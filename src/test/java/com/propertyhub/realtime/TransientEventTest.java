package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransientEventTest {

    @Test
    void frameHasNoIdLine() {
        TransientEvent e = new TransientEvent("user:42", "maintenance:typing", "{\"requestId\":\"r\"}");
        assertEquals("event: maintenance:typing\ndata: {\"requestId\":\"r\"}\n\n",
                new String(e.frame(), StandardCharsets.UTF_8));
    }

    @Test
    void namesAndRoomsAreCheckedLikeLoggedEvents() {
        assertThrows(IllegalArgumentException.class, () -> new TransientEvent("user:1", "bad\nname", "{}"));
        assertThrows(IllegalArgumentException.class, () -> new TransientEvent("bad room", "a:b", "{}"));
    }
}
