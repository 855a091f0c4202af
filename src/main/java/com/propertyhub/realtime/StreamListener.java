package com.propertyhub.realtime;

import com.propertyhub.identity.AuthUser;

/**
 * Told when a stream of this node opens or closes, after the room registry and the stream quota have counted
 * it. Called on request and delivery threads: implementations hand work off and return at once.
 */
public interface StreamListener {
    StreamListener NONE = new StreamListener() {
        @Override
        public void opened(AuthUser principal, Object user) {
        }

        @Override
        public void closed(AuthUser principal) {
        }
    };

    /** @param user the user's public fields, as sent in {@code ready} */
    void opened(AuthUser principal, Object user);

    void closed(AuthUser principal);
}
