package com.propertyhub.interop;

import java.util.List;

/** A third-party SSE client under test, reduced to what the scenarios observe of it. */
interface InteropClient extends AutoCloseable {

    /** One event as the library handed it to the application: its name (null if it gave none), id and data. */
    record Received(String name, String id, String data) {
    }

    /** Every event so far, in the order the library delivered them. */
    List<Received> received();

    /** True once the library has given up for good and will not reconnect. */
    boolean stopped();

    @Override
    void close();
}
