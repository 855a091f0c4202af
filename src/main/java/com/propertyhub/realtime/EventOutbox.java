package com.propertyhub.realtime;

import com.propertyhub.persistence.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The event log as the transactions' outbox: a transaction's events are appended to the log on its connection
 * just before it commits, and handed to the bus once it has committed.
 */
public final class EventOutbox implements Outbox {
    private static final Runnable NOTHING = () -> { };

    private final EventLog eventLog;
    private final EventBus bus;

    public EventOutbox(EventLog eventLog, EventBus bus) {
        this.eventLog = eventLog;
        this.bus = bus;
    }

    @Override
    public Events open() {
        return new Events();
    }

    /** One transaction's events; once it has committed, {@link #stored()} holds them with their ids. */
    public final class Events implements Outbox.Batch {
        private final List<PendingEvent> pending = new ArrayList<>();
        private List<Event> stored = List.of();

        private Events() {
        }

        @Override
        public void add(String room, String name, String data) {
            pending.add(new PendingEvent(room, name, data));
        }

        @Override
        public Runnable store(Connection c) throws SQLException {
            stored = eventLog.append(c, pending);
            return stored.isEmpty() ? NOTHING : this::publish;
        }

        private void publish() {
            bus.publish(stored);
        }

        /** The events as stored in the log, in id order (empty until stored). */
        public List<Event> stored() {
            return stored;
        }
    }
}
