package com.propertyhub.realtime;

import com.propertyhub.identity.AuthUser;

/**
 * Who a request to open a stream says it is: sign-in implements it (a bearer token, or a one-time stream ticket
 * where a browser's {@code EventSource} cannot send a header), the wiring hands it to {@link EventStreamServlet}.
 */
@FunctionalInterface
public interface StreamCredentials {
    /**
     * The caller the credentials prove, without reading the user (see {@link CurrentUsers#require}), or the 401
     * {@link com.propertyhub.web.ApiException} that refuses them.
     *
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param ticket the {@code ticket} query parameter, or {@code null}
     */
    AuthUser identify(String authorization, String ticket);
}
