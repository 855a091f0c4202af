package com.propertyhub.auth;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.realtime.TicketStore;
import com.propertyhub.web.ApiException;

/**
 * Decides who is calling, the same way for every way in: the REST API ({@link AuthFilter}), the event stream and
 * {@code /metrics} (the stream through the realtime core's {@code StreamCredentials} and {@code CurrentUsers},
 * which the wiring implements with this class and {@link ActiveUsers}). A request proves an identity with a bearer
 * token (RFC 6750 section 2.1, verified by {@link TokenService}) or, where a browser's {@code EventSource} cannot
 * send a header, a one-time stream ticket; a request that sends both is judged by its token alone, and its ticket
 * stays unused. The identity then counts only as the user is now ({@link ActiveUsers#require}): a deleted or
 * deactivated user, an ended session (signed out, a new password: the token version), and a changed role or
 * customer are refused. Every refusal is a 401 {@link ApiException} whose code says which.
 */
public final class Authenticator {
    /** The credentials a way in accepts, and what its 401 says when a request sends none of them. */
    public enum Accepts {
        BEARER("Authentication required: send Authorization: Bearer <token>"),
        BEARER_OR_TICKET(
                "Authentication required: send Authorization: Bearer <token> or ?ticket=<stream ticket>");

        private final String missing;

        Accepts(String missing) {
            this.missing = missing;
        }
    }

    private final TokenService tokens;
    private final TicketStore tickets;
    private final ActiveUsers activeUsers;

    public Authenticator(TokenService tokens, TicketStore tickets, ActiveUsers activeUsers) {
        this.tokens = tokens;
        this.tickets = tickets;
        this.activeUsers = activeUsers;
    }

    /**
     * The caller proven by the request's credentials and still allowed in as they are now: {@link #identify},
     * then {@link ActiveUsers#require} (at most {@link ActiveUsers#FRESHNESS} old).
     */
    public AuthUser authenticate(Accepts accepts, String authorization, String ticket) {
        AuthUser caller = identify(accepts, authorization, ticket);
        activeUsers.require(caller);
        return caller;
    }

    /**
     * The first half of {@link #authenticate}: the caller the credentials prove, checking the token's signature
     * and claims or redeeming the ticket (which ends it), without reading the user. A way in that limits callers
     * before that read (the event stream's per-user open rate) runs its limit between the two halves, and reads
     * the user through the realtime core's {@code CurrentUsers} ({@link ActiveUsers}).
     *
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param ticket the {@code ticket} query parameter, or {@code null}; looked at only with
     *               {@link Accepts#BEARER_OR_TICKET}
     */
    public AuthUser identify(Accepts accepts, String authorization, String ticket) {
        String bearer = BearerTokens.from(authorization);
        if (bearer != null) {
            return tokens.verify(bearer);
        }
        if (accepts == Accepts.BEARER_OR_TICKET && ticket != null) {
            AuthUser user = tickets.redeem(ticket);
            if (user == null) {
                throw ApiException.unauthorized("invalid_ticket", "The stream ticket is unknown, used or expired");
            }
            return user;
        }
        throw ApiException.unauthorized("unauthorized", accepts.missing);
    }
}
