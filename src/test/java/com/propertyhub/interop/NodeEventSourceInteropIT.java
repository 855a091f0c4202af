package com.propertyhub.interop;

/** The interop scenarios with the {@code eventsource} npm package, run by Node. */
class NodeEventSourceInteropIT extends InteropScenarios {
    @Override
    InteropClient connect(String url, String bearer) {
        return new NodeEventSource(url, bearer, NAMES);
    }
}
