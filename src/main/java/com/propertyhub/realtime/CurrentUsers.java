package com.propertyhub.realtime;

import com.propertyhub.identity.AuthUser;

/**
 * The users behind callers as they are now, which every stream and feed is authorised from: sign-in implements it
 * (the user deleted, deactivated, signed out or given another role or customer since the token was issued is
 * refused), the wiring hands it to the realtime core.
 */
public interface CurrentUsers {
    /** What the realtime core needs of a user as they are now. */
    interface CurrentUser {
        /** How often the user's role changed: their private room belongs to one epoch. */
        int roleEpoch();

        /** The user as presence shows them. */
        Object view();
    }

    /**
     * The caller's user as they are now, or the 401 {@link com.propertyhub.web.ApiException} that refuses the
     * caller's token or ticket.
     */
    CurrentUser require(AuthUser caller);
}
