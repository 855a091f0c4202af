package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A backtracking matcher would not come back from the patterns here: the timeout turns that into a failure. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventFilterTest {

    @Test
    void starsMatchAnyRunOfCharactersAndTheRestMatchesItself() {
        EventFilter filter = EventFilter.parse("customer:*,*:deleted,account:updated,p*y:*ed");
        for (String name : List.of("customer:", "customer:updated", "user:deleted", ":deleted", "account:updated",
                "property:created", "py:ed", "party:signed")) {
            assertTrue(filter.accepts(name), name);
        }
        for (String name : List.of("customers", "user:deleted:x", "account:updatedish", "xaccount:updated",
                "property:update", "p:ed", "customer")) {
            assertFalse(filter.accepts(name), name);
        }
        assertTrue(EventFilter.parse("").accepts("anything"), "blank means everything");
        assertTrue(EventFilter.parse("x,**,y").accepts("anything"), "a bare star means everything");
    }

    @Test
    void matchesExactlyWhatTheEquivalentRegularExpressionMatches() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomText(random, "ab*:", 1 + random.nextInt(9));
            if (pattern.chars().filter(c -> c == '*').count() > Glob.MAX_WILDCARDS) {
                continue;
            }
            Pattern reference = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
            Glob glob = Glob.compile(pattern);
            for (int n = 0; n < 5; n++) {
                String name = randomText(random, "ab:", random.nextInt(12));
                assertEquals(reference.matcher(name).matches(), glob.matches(name), pattern + " against " + name);
            }
        }
    }

    @Test
    void consecutiveStarsCountAsOneAndMoreThanTheCapIsRefused() {
        EventFilter collapsed = EventFilter.parse("*".repeat(99) + "Z");
        assertTrue(collapsed.accepts("customer:Z"));
        assertFalse(collapsed.accepts("customer:updated"));
        EventFilter.parse("a*b**c***d****e");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> EventFilter.parse("customer:*,a*b*c*d*e*f"));
        assertTrue(refused.getMessage().contains("at most " + Glob.MAX_WILDCARDS), refused.getMessage());
    }

    /**
     * The filter runs on the one delivery thread for every event: the worst filter the limits allow must cost
     * no more than a plain one by orders of magnitude. With a regular expression, {@code *…*Z} took seconds per
     * event; the bound here is a millisecond, so a loaded or slow machine cannot make this fail, a backtracking
     * matcher always does.
     */
    @Test
    void theWorstAllowedFilterCostsMicrosecondsPerEvent() {
        // 49 items of 100 characters with the most stars allowed, the longest pieces between them, and a suffix
        // that the names below share, so every item searches the whole name; and the attack's "*…*Q".
        String item = ("*" + "a".repeat(23)).repeat(Glob.MAX_WILDCARDS) + "ZZZZ";
        List<String> worst = new ArrayList<>();
        worst.add("*".repeat(99) + "Q");
        IntStream.range(0, 49).forEach(i -> worst.add(item));
        EventFilter filter = EventFilter.parse(String.join(",", worst));
        String almost = ("a".repeat(22) + "b").repeat(Glob.MAX_WILDCARDS) + "ZZZZ";
        String matching = "a".repeat(92) + "ZZZZ";
        List<String> names = List.of(almost, matching);

        int events = 20_000;
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < events; i++) {
            accepted += filter.accepts(names.get(i % names.size())) ? 1 : 0;
        }
        double microsPerEvent = (System.nanoTime() - start) / 1_000.0 / events;
        assertEquals(events / 2, accepted, "only the second name matches");
        assertTrue(microsPerEvent < 1_000, "the worst allowed filter costs " + microsPerEvent + " µs per event");
    }

    private static String randomText(Random random, String alphabet, int length) {
        return random.ints(length, 0, alphabet.length()).mapToObj(i -> String.valueOf(alphabet.charAt(i)))
                .collect(Collectors.joining());
    }
}
