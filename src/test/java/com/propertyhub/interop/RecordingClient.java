package com.propertyhub.interop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What every wrapped library records: the events it handed over, and whether it gave up for good. */
abstract class RecordingClient implements InteropClient {
    protected final List<Received> received = new CopyOnWriteArrayList<>();
    protected volatile boolean stopped;

    @Override
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public boolean stopped() {
        return stopped;
    }
}
