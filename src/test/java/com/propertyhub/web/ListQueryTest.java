package com.propertyhub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ListQueryTest {
    private static final Function<String, Integer> LEVELS = Map.of("low", 1, "high", 2)::get;

    @Test
    void anAbsentOrBlankFilterFiltersNothing() {
        assertNull(ListQuery.choice("level", null, LEVELS, "must be low or high"));
        assertNull(ListQuery.choice("level", "", LEVELS, "must be low or high"));
        assertNull(ListQuery.choice("level", "  ", LEVELS, "must be low or high"));
    }

    @Test
    void aKnownValueIsWhatTheListParsesItTo() {
        assertEquals(2, ListQuery.choice("level", "high", LEVELS, "must be low or high"));
    }

    @Test
    void anUnknownValueIsA400NamingTheParameterAndTheRule() {
        ApiException e = assertThrows(ApiException.class, () -> ListQuery.choice("level", "HIGH", LEVELS,
                "must be low or high"));
        assertEquals(400, e.status());
        assertEquals("invalid_parameter", e.code());
        assertEquals("level", e.details().get(0).field());
        assertEquals("must be low or high", e.details().get(0).message());
    }
}
