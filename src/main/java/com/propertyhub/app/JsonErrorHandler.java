package com.propertyhub.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.ErrorResponses;
import com.propertyhub.web.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The standalone server's answer to requests refused before any application code runs: a request line or URI
 * too long (414), headers too large (431), a malformed request or URI (400). Jetty's own page is HTML; this
 * is the contract's JSON error instead, for every method, without echoing anything of the request.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper json = Json.newMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object attribute = request.getAttribute(ERROR_STATUS);
        int status = attribute instanceof Integer i ? i : response.getStatus();
        if (status < 400 || status > 599) {
            status = 500;
        }
        response.setStatus(status);
        byte[] body = body(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status));
    }

    private byte[] body(int status) {
        try {
            return json.writeValueAsBytes(new ApiException(status, ErrorResponses.codeFor(status),
                    ErrorResponses.messageFor(status)).toBody());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
