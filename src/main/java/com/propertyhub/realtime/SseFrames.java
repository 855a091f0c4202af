package com.propertyhub.realtime;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Encodes the WHATWG server-sent-events wire format. Fields that end up on one line ({@code id},
 * {@code event}) are checked for CR/LF by their producers; {@code data} is split on line breaks so a
 * multi-line value can never end the frame early.
 *
 * <p>Only frames that carry data end with a blank line. A frame without data (a comment) is a line of its own:
 * the WHATWG parser ignores a comment line and, with an empty data buffer, dispatches nothing on a blank line
 * anyway, but several widely used parsers (Jersey's, fetch-event-source, httpx-sse) hand every blank line over
 * as an event, so a blank line after a comment (or after a lone {@code retry:}) would reach them as an empty one.
 */
public final class SseFrames {
    /** A comment line: keeps proxies and clients' read timeouts from closing an idle stream; no client sees it. */
    public static final byte[] PING = ": ping\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private SseFrames() {
    }

    public static byte[] event(String id, String name, String data) {
        return event(id, name, data, -1);
    }

    /**
     * An event; with {@code retryMillis} of 0 or more it also tells the client how long to wait before
     * reconnecting (a {@code retry:} inside a real event, never a frame of its own).
     */
    public static byte[] event(String id, String name, String data, long retryMillis) {
        StringBuilder sb = new StringBuilder(48 + name.length() + data.length());
        if (retryMillis >= 0) {
            sb.append("retry: ").append(retryMillis).append('\n');
        }
        if (id != null) {
            requireSingleLine(id);
            sb.append("id: ").append(id).append('\n');
        }
        requireSingleLine(name);
        sb.append("event: ").append(name).append('\n');
        if (!hasLineBreak(data)) {
            sb.append("data: ").append(data).append('\n');
        } else {
            for (String line : LINE_BREAK.split(data, -1)) {
                sb.append("data: ").append(line).append('\n');
            }
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void requireSingleLine(String field) {
        if (hasLineBreak(field)) {
            throw new IllegalArgumentException("SSE field must not contain CR or LF");
        }
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }
}
