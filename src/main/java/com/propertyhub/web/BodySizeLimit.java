package com.propertyhub.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over {@link #MAX_BYTES} with 413, whether or not they declare a length. A body
 * moderately over the limit is read to its end and dropped, so the client finishes sending, reads the 413 and
 * keeps its connection; a larger one is not read, and the answer closes the connection. A body refused for any
 * other reason, part-way (malformed JSON) or before it was read at all (401, 404, 415), is read to its end the
 * same way before the error goes out: otherwise the server closes the connection after answering, and a client
 * that already sent its next request on it, or is still sending this body, loses that answer.
 */
public final class BodySizeLimit implements ReaderInterceptor, ContainerResponseFilter {
    public static final long MAX_BYTES = 1024 * 1024;
    /** How much of an oversized body is read and dropped to keep the connection usable. */
    static final long DRAIN_BYTES = 8 * MAX_BYTES;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        InputStream raw = context.getInputStream();
        String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("bad_request", "Content-Length is not a number");
            }
            if (declared > MAX_BYTES) {
                throw new PayloadTooLarge(declared <= MAX_BYTES + DRAIN_BYTES && drain(raw));
            }
        }
        LimitedStream limited = new LimitedStream(raw);
        context.setInputStream(limited);
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            if (limited.exceeded) {
                throw new PayloadTooLarge(drain(raw));
            }
            // Refused part-way (malformed, nested too deep, a wrong type): the rest is read too, or the connection
            // would close with the client still sending, and it could lose the answer to the reset.
            drain(raw);
            throw e;
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || response.getStatus() == 413) {
            return;
        }
        try {
            if (request.hasEntity()) {
                drain(request.getEntityStream());
            }
        } catch (RuntimeException alreadyConsumed) {
            // read by the resource already, or closed: nothing left to drain
        }
    }

    /** Reads and drops up to {@link #DRAIN_BYTES}; true if the body ended within them. */
    private static boolean drain(InputStream in) {
        byte[] buffer = new byte[16 * 1024];
        long left = DRAIN_BYTES;
        try {
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
            return left > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** 413; {@code connectionReusable} is false when the rest of the body was left unread. */
    static final class PayloadTooLarge extends ApiException {
        private final boolean connectionReusable;

        PayloadTooLarge(boolean connectionReusable) {
            super(413, "payload_too_large", "The request body is larger than 1 MiB");
            this.connectionReusable = connectionReusable;
        }

        boolean connectionReusable() {
            return connectionReusable;
        }
    }

    private static final class LimitedStream extends FilterInputStream {
        private long remaining = MAX_BYTES;
        private boolean exceeded;

        LimitedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            remaining -= n;
            if (remaining < 0) {
                exceeded = true;
                throw new IOException("request body over limit");
            }
        }
    }
}
