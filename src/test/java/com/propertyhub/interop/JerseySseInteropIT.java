package com.propertyhub.interop;

/** The interop scenarios with Jersey's {@code SseEventSource} (jersey-media-sse, the Jakarta REST SSE client). */
class JerseySseInteropIT extends InteropScenarios {
    @Override
    InteropClient connect(String url, String bearer) {
        return new JerseySseEventSource(url, bearer);
    }
}
