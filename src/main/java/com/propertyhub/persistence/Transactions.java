package com.propertyhub.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.hibernate.Session;

/**
 * The one way data is changed: run the work, store its events in the same transaction (the {@link Outbox}),
 * commit, and only then publish the events. A failed or rolled-back transaction publishes nothing.
 */
public final class Transactions {
    private final EntityManagerFactory emf;
    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;

    public Transactions(EntityManagerFactory emf, DataSource dataSource, Outbox outbox, ObjectMapper json) {
        this.emf = emf;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
    }

    public <T> T write(Function<UnitOfWork, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        Runnable afterCommit;
        T result;
        try {
            tx.begin();
            UnitOfWork unit = new UnitOfWork(em, json, outbox.open());
            result = work.apply(unit);
            em.flush();
            // Stored last, so the event log's lock (see EventLog.append) is held only for the commit itself.
            afterCommit = em.unwrap(Session.class).doReturningWork(c -> unit.events().store(c));
            tx.commit();
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            throw DatabaseErrors.translate(e);
        } finally {
            em.close();
        }
        afterCommit.run();
        return result;
    }

    /** Stores {@code events}, a batch that comes with no data change (explicit emits), and publishes it. */
    public void record(Outbox.Batch events) {
        // No entity changes: a plain JDBC transaction, without opening a Hibernate session.
        Runnable afterCommit;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                afterCommit = events.store(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(new PersistenceException("cannot record events", e));
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e);
        }
        afterCommit.run();
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
