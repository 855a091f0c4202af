package com.propertyhub.realtime;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the WHATWG server-sent-events wire format. Fields that end up on one line ({@code id},
 * {@code event}) are checked for CR/LF by their producers; {@code data} is split on line breaks so a
 * multi-line value can never end the frame early.
 */
public final class SseFrames {
    /** A comment line: keeps proxies from closing an idle stream; browsers ignore it. */
    public static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    public static byte[] event(String id, String name, String data) {
        StringBuilder sb = new StringBuilder(32 + name.length() + data.length());
        if (id != null) {
            requireSingleLine(id);
            sb.append("id: ").append(id).append('\n');
        }
        requireSingleLine(name);
        sb.append("event: ").append(name).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Tells the browser how long to wait before reconnecting. */
    public static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void requireSingleLine(String field) {
        if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("SSE field must not contain CR or LF");
        }
    }
}
