package com.propertyhub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.ErrorResponses;
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
 * is the contract's JSON error instead, with the headers and body {@link ErrorResponses} decides, for every
 * method, without echoing anything of the request.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper json;

    /** {@code json}: the application's mapper, so these bodies are written exactly like every other error's. */
    JsonErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object attribute = request.getAttribute(ERROR_STATUS);
        int status = attribute instanceof Integer i ? i : response.getStatus();
        if (status < 400 || status > 599) {
            status = 500;
        }
        response.setStatus(status);
        ApiException error = ErrorResponses.forStatus(status);
        byte[] body = ErrorResponses.body(error, json);
        HttpFields.Mutable headers = response.getHeaders();
        putHeaders(error, headers);
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
        ApiException error = ErrorResponses.forStatus(status);
        putHeaders(error, fields);
        return ByteBuffer.wrap(ErrorResponses.body(error, json));
    }

    private static void putHeaders(ApiException error, HttpFields.Mutable headers) {
        headers.put(HttpHeader.CONTENT_TYPE, ErrorResponses.CONTENT_TYPE);
        ErrorResponses.headers(error).forEach(headers::put);
    }
}
