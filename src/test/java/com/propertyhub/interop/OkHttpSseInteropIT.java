package com.propertyhub.interop;

/** The interop scenarios with OkHttp's {@code okhttp-sse}, reconnecting the way the README shows. */
class OkHttpSseInteropIT extends InteropScenarios {
    @Override
    InteropClient connect(String url, String bearer) {
        return new OkHttpEventSource(url, bearer);
    }
}
