package com.propertyhub.persistence;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The events a transaction carries (a transactional outbox): added while its work runs, stored on the
 * transaction's own connection just before it commits, and announced only once it has committed. Persistence
 * knows no more of them than this; the realtime layer supplies the implementation (the event log and the bus).
 */
public interface Outbox {

    /** A new, empty batch for one transaction. */
    Batch open();

    /** One transaction's events. */
    interface Batch {
        /** Adds an event; a malformed one is refused at once, so the work fails and nothing commits. */
        void add(String room, String name, String data);

        /**
         * Stores what was added, on {@code c} inside the transaction, just before it commits.
         *
         * @return what to run once the transaction has committed (nothing runs after a rollback)
         */
        Runnable store(Connection c) throws SQLException;
    }
}
