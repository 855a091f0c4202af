package com.propertyhub.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The optional {@code ?events=customer:*,account:updated} filter of a stream. A {@code *} matches any run
 * of characters. Control events ({@code ready}, {@code resync}, {@code auth:expired}) always pass.
 *
 * <p>{@link #accepts} runs on the delivery thread for every event the stream is offered, so it costs time linear
 * in the filter's length whatever the client wrote (see {@link Glob}): at most {@value #MAX_ITEMS} items of at
 * most 100 characters and {@value Glob#MAX_WILDCARDS} stars each.
 */
public final class EventFilter {
    private static final EventFilter ALL = new EventFilter(null);
    private static final Pattern ITEM = Pattern.compile("[A-Za-z0-9_.:*\\-]{1,100}");
    private static final int MAX_ITEMS = 50;

    private final List<Glob> patterns;

    private EventFilter(List<Glob> patterns) {
        this.patterns = patterns;
    }

    /** Parses the query parameter; {@code null} or blank means everything. */
    public static EventFilter parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return ALL;
        }
        // Limit -1 keeps trailing empty items: "," or "customer:*," is malformed, not a filter that matches nothing.
        String[] items = spec.split(",", -1);
        if (items.length > MAX_ITEMS) {
            throw new IllegalArgumentException("at most " + MAX_ITEMS + " patterns");
        }
        List<Glob> patterns = new ArrayList<>();
        for (String raw : items) {
            String item = raw.trim();
            if (!ITEM.matcher(item).matches()) {
                throw new IllegalArgumentException("patterns use letters, digits, _ . : - and *");
            }
            Glob glob = Glob.compile(item);
            if (glob.matchesEverything()) {
                return ALL;
            }
            patterns.add(glob);
        }
        return new EventFilter(List.copyOf(patterns));
    }

    public boolean accepts(String eventName) {
        if (patterns == null) {
            return true;
        }
        for (Glob p : patterns) {
            if (p.matches(eventName)) {
                return true;
            }
        }
        return false;
    }
}
