package com.propertyhub.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.realtime.Event;
import com.propertyhub.realtime.EventBus;
import com.propertyhub.realtime.EventLog;
import com.propertyhub.realtime.PendingEvent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import java.util.function.Function;
import org.hibernate.Session;

/**
 * The one way data is changed: run the work, append its events to the event log in the same transaction,
 * commit, and only then publish the events. A failed or rolled-back transaction publishes nothing.
 */
public final class Transactions {
    private final EntityManagerFactory emf;
    private final DataSource dataSource;
    private final EventLog eventLog;
    private final EventBus bus;
    private final ObjectMapper json;

    public Transactions(EntityManagerFactory emf, DataSource dataSource, EventLog eventLog, EventBus bus,
                        ObjectMapper json) {
        this.emf = emf;
        this.dataSource = dataSource;
        this.eventLog = eventLog;
        this.bus = bus;
        this.json = json;
    }

    public <T> T write(Function<UnitOfWork, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        List<Event> stored;
        T result;
        try {
            tx.begin();
            UnitOfWork unit = new UnitOfWork(em, json);
            result = work.apply(unit);
            em.flush();
            // Appended last, so the event_sequence row lock is held only for the commit itself.
            stored = em.unwrap(Session.class).doReturningWork(c -> eventLog.append(c, unit.events()));
            tx.commit();
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            throw DatabaseErrors.translate(e);
        } finally {
            em.close();
        }
        if (!stored.isEmpty()) {
            bus.publish(stored);
        }
        return result;
    }

    /** Records events that come with no data change (explicit emits); returns them as stored in the log. */
    public List<Event> record(List<PendingEvent> events) {
        // No entity changes: a plain JDBC transaction, without opening a Hibernate session.
        List<Event> stored;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                stored = eventLog.append(c, events);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(new EventLog.EventLogException("cannot record events", e));
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e);
        }
        bus.publish(stored);
        return stored;
    }

    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e);
        } finally {
            em.close();
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, RuntimeException cause) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
