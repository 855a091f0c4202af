package com.propertyhub.realtime;

import java.util.regex.Pattern;

/**
 * Event names follow {@code {entity}:{action}}. Only a safe alphabet is accepted, so a name can never carry
 * CR or LF into an SSE {@code event:} line (frame injection; compare Javalin issue #1730).
 */
public final class EventNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]+(:[A-Za-z0-9_.\\-]+)*");
    public static final int MAX_LENGTH = 100;
    /** Sent by the server itself to steer clients; nobody may emit them as data events. */
    public static final java.util.Set<String> CONTROL = java.util.Set.of("ready", "resync", "auth:expired",
            RealtimeHub.CLOSE_STREAM);

    private EventNames() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid event name");
        }
        return name;
    }
}
