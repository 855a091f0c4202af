package com.propertyhub.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Refuses request bodies over {@link #MAX_BYTES} with 413, whether or not they declare a length. */
public final class BodySizeLimit implements ReaderInterceptor {
    public static final long MAX_BYTES = 1024 * 1024;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("bad_request", "Content-Length is not a number");
            }
        }
        LimitedStream limited = new LimitedStream(context.getInputStream());
        context.setInputStream(limited);
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            if (limited.exceeded) {
                throw tooLarge();
            }
            throw e;
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "The request body is larger than 1 MiB");
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
