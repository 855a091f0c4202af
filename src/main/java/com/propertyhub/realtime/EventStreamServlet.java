package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.ClientAddresses;
import com.propertyhub.web.KeyedRateLimiter;
import com.propertyhub.web.ServletResponses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: the event stream. A plain async servlet rather than a JAX-RS resource, so every
 * event is written as one shared, pre-encoded frame through the servlet's non-blocking output, which every
 * servlet container provides.
 *
 * <p>Opening a stream costs a ticket lookup, a user lookup and a replay, so opens are rate limited per user, and
 * an address whose requests keep failing authentication (401) is refused for a while before any of that runs.
 *
 * <p>Refusals come in two kinds. One that will not pass (bad credentials 401, a forbidden stream 403, a malformed
 * request 400) is the contract's JSON error: a standard client stops, as it should. One that passes by itself
 * (a rate or stream limit, the node stopping, the database away: every refusal with a Retry-After) is a
 * {@code 200 text/event-stream} answer instead, with {@code retry:} set to Retry-After, one {@code unavailable}
 * event saying why and an immediate end: the WHATWG EventSource algorithm gives up for good on any other answer,
 * and so do most libraries, while an ended stream is one they all reconnect to by themselves.
 */
public final class EventStreamServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(EventStreamServlet.class);
    /** Small: frames are written and flushed as they come, so a big buffer would only cost memory per stream. */
    private static final int RESPONSE_BUFFER = 1024;

    private final transient RealtimeHub hub;
    private final transient StreamCredentials credentials;
    private final transient CurrentUsers currentUsers;
    private final transient ObjectMapper json;
    private final transient KeyedRateLimiter opensPerUser;
    private final transient KeyedRateLimiter authFailuresPerAddress;
    private final transient ClientAddresses addresses;

    public EventStreamServlet(RealtimeHub hub, StreamCredentials credentials, CurrentUsers currentUsers,
                              ObjectMapper json, KeyedRateLimiter opensPerUser, KeyedRateLimiter authFailuresPerAddress,
                              ClientAddresses addresses) {
        this.hub = hub;
        this.credentials = credentials;
        this.currentUsers = currentUsers;
        this.json = json;
        this.opensPerUser = opensPerUser;
        this.authFailuresPerAddress = authFailuresPerAddress;
        this.addresses = addresses;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthUser principal;
        CurrentUsers.CurrentUser user;
        EventFilter filter;
        Long lastEventId;
        String address = addresses.of(request);
        try {
            // Parameters first: a malformed request must not use up a one-time ticket.
            filter = parseFilter(request.getParameter("events"));
            lastEventId = parseLastEventId(request);
            // A cheap check, then a failure counted after it: a few parallel failures past the limit cost
            // nothing (a ticket or a signed token cannot be guessed), and a valid open costs one bucket operation.
            authFailuresPerAddress.check(address);
            principal = credentials.identify(request.getHeader("Authorization"), request.getParameter("ticket"));
            // Limited before the user is read: a burst of opens costs a bucket operation each, not a user lookup.
            opensPerUser.acquire(principal.id().toString());
            user = currentUsers.require(principal);
        } catch (ApiException e) {
            if (e.status() == 401) {
                authFailuresPerAddress.consume(address);
            }
            refuse(response, e);
            return;
        } catch (RuntimeException e) {
            log.warn("Cannot open event stream: {}", e.toString());
            refuse(response, ApiException.unavailable("service_unavailable",
                    "The event stream is temporarily unavailable"));
            return;
        }
        streamHeaders(response);
        response.setBufferSize(RESPONSE_BUFFER);
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        try {
            hub.open(principal, user.roleEpoch(), user.view(), filter, lastEventId, async, response.getOutputStream());
        } catch (ApiException e) {
            // Refused before the response became a stream (limit reached, node stopping): nothing written yet.
            refuse(response, e);
            async.complete();
        } catch (RealtimeHub.OpenFailed e) {
            log.warn("Event stream failed while opening: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Event stream could not be opened: {}", e.toString());
            async.complete();
        }
    }

    private static void streamHeaders(HttpServletResponse response) {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        // Like every API answer: private events are kept by no cache (no-cache would still let one store them).
        response.setHeader("Cache-Control", "no-store");
        // Tells nginx-style proxies not to buffer the stream.
        response.setHeader("X-Accel-Buffering", "no");
    }

    /** A refusal with a Retry-After passes: a stream that says so and ends; any other is a JSON error. */
    private void refuse(HttpServletResponse response, ApiException e) throws IOException {
        if (e.retryAfter() == null) {
            ServletResponses.error(response, e, json);
            return;
        }
        byte[] frame = Unavailable.frame(e, json);
        streamHeaders(response);
        response.setHeader("Retry-After", Long.toString(Unavailable.seconds(e)));
        response.setContentLength(frame.length);
        response.getOutputStream().write(frame);
    }

    private static EventFilter parseFilter(String spec) {
        try {
            return EventFilter.parse(spec);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("events", e.getMessage());
        }
    }

    private static final Pattern ASCII_ID = Pattern.compile("[0-9]{1,19}");

    /**
     * The {@code Last-Event-ID} header (WHATWG SSE), or {@code lastEventId} for polyfills that cannot set it;
     * null when neither is sent. One that is no event id of ours is {@link RealtimeHub#UNKNOWN_POSITION}: the
     * stream opens with {@code resync} (and the current position as its id), as for an id the log never had. A
     * 400 would stop a standard client for good, and it would send the same header again on every retry.
     */
    private static Long parseLastEventId(HttpServletRequest request) {
        String raw = request.getHeader("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            raw = request.getParameter("lastEventId");
        }
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String digits = raw.trim();
        // ASCII digits only: Long.parseLong would also read other scripts' digits ("１２" as 12).
        if (!ASCII_ID.matcher(digits).matches()) {
            return RealtimeHub.UNKNOWN_POSITION;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return RealtimeHub.UNKNOWN_POSITION;
        }
    }
}
