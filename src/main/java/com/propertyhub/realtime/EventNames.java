package com.propertyhub.realtime;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Event names follow {@code {entity}:{action}}. Only a safe alphabet is accepted, so a name can never carry
 * CR or LF into an SSE {@code event:} line (frame injection; compare Javalin issue #1730).
 */
public final class EventNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]+(:[A-Za-z0-9_.\\-]+)*");
    public static final int MAX_LENGTH = 100;
    /**
     * The namespaces the server emits in, or the dashboards act on ({@code user:deleted} ends streams,
     * {@code notification} opens links, ...): an emitted event in one of them could revoke, redirect or pass for
     * the server's own, so nobody may emit into them.
     */
    private static final Set<String> RESERVED_NAMESPACES = Set.of("account", "auth", "customer", "maintenance",
            "notification", "payment", "presence", "property", "ready", "resync", "stream", "user");

    private EventNames() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /**
     * True for a name the server keeps for itself: one without a namespace ({@code ready}, {@code resync},
     * {@code notification}, and the names an EventSource gives meaning to: {@code message}, {@code error},
     * {@code open}) or one in a reserved namespace, in any letter case.
     */
    public static boolean isReserved(String name) {
        int colon = name.indexOf(':');
        return colon < 0 || RESERVED_NAMESPACES.contains(name.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid event name");
        }
        return name;
    }
}
