package com.propertyhub.realtime;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The optional {@code ?events=customer:*,account:updated} filter of a stream. A {@code *} matches any run
 * of characters. Control events ({@code ready}, {@code resync}, {@code auth:expired}) always pass.
 */
public final class EventFilter {
    private static final EventFilter ALL = new EventFilter(null);
    private static final Pattern ITEM = Pattern.compile("[A-Za-z0-9_.:*\\-]{1,100}");
    private static final int MAX_ITEMS = 50;

    private final List<Pattern> patterns;

    private EventFilter(List<Pattern> patterns) {
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
        List<Pattern> patterns = new java.util.ArrayList<>();
        for (String raw : items) {
            String item = raw.trim();
            if (!ITEM.matcher(item).matches()) {
                throw new IllegalArgumentException("patterns use letters, digits, _ . : - and *");
            }
            patterns.add(Pattern.compile(Pattern.quote(item).replace("*", "\\E.*\\Q")));
        }
        return new EventFilter(List.copyOf(patterns));
    }

    public boolean accepts(String eventName) {
        if (patterns == null) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(eventName).matches()) {
                return true;
            }
        }
        return false;
    }
}
