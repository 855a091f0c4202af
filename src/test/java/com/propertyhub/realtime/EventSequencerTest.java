package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.propertyhub.testsupport.Await;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In-order, exactly-once delivery from events that arrive in any order, with gaps filled from the event log. The
 * log is the real one on the embedded database (H2 in PostgreSQL mode, as the embedded default runs it), in memory;
 * while the test says the database is away, the sequencer's reads get no connection.
 */
class EventSequencerTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private static JdbcDataSource dataSource;
    /** The log as the sequencer reads it: through connections that are refused while the database is away. */
    private static EventLog eventLog;
    private static volatile boolean databaseAway;
    private static final AtomicInteger refused = new AtomicInteger();
    private EventSequencer sequencer;
    private final List<Long> delivered = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void schema() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:sequencer-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        eventLog = new EventLog(awayWhenAsked(dataSource));
    }

    @BeforeEach
    void emptyLog() throws SQLException {
        databaseAway = false;
        refused.set(0);
        sql("delete from events");
        sql("update event_sequence set last_id = 0 where id = 1");
    }

    @AfterEach
    void stop() {
        if (sequencer != null) {
            sequencer.close();
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        sql("shutdown");
    }

    @Test
    void eventsArrivingOutOfOrderAndTwiceAreDeliveredInIdOrderOnce() {
        List<Event> e = append(4);
        sequencer = sequencer(0, ev -> delivered.add(ev.id()));

        sequencer.accept(List.of(e.get(1)));
        sequencer.accept(List.of(e.get(2), e.get(0)));
        sequencer.accept(List.of(e.get(1), e.get(0), e.get(2)));
        sequencer.accept(List.of(e.get(3)));

        awaitDelivered(4);
        assertEquals(List.of(1L, 2L, 3L, 4L), delivered);
        assertEquals(4, sequencer.lastDelivered());
    }

    @Test
    void aGapBelowAReceivedEventIsFilledFromTheLog() {
        List<Event> e = append(5);
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        sequencer = sequencer(0, ev -> {
            seen.add(ev);
            delivered.add(ev.id());
        });

        sequencer.accept(List.of(e.get(4)));

        awaitDelivered(5);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), delivered);
        assertEquals("test:n2", seen.get(1).name(), "the log's event 2, as it was appended");
        assertEquals("{\"n\":2}", seen.get(1).data());
    }

    @Test
    void catchUpDeliversWhatTheLogHasBeyondWhatWasDelivered() {
        append(3);
        sequencer = sequencer(1, ev -> delivered.add(ev.id()));

        sequencer.catchUp();

        awaitDelivered(3);
        assertEquals(List.of(2L, 3L), delivered, "events up to the start are not delivered");
    }

    @Test
    void eventsAtOrBelowTheStartAreIgnored() {
        List<Event> e = append(3);
        sequencer = sequencer(2, ev -> delivered.add(ev.id()));

        sequencer.accept(e);

        awaitDelivered(3);
        assertEquals(List.of(3L), delivered);
    }

    @Test
    void whileTheLogCannotBeReadLaterEventsWaitAndFollowInOrderOnceItCanBe() {
        List<Event> e = append(3);
        sequencer = sequencer(0, ev -> delivered.add(ev.id()));
        databaseAway = true;

        sequencer.accept(List.of(e.get(2)));
        sequencer.accept(List.of(e.get(0)));
        // Two reads refused: the gap below 3, then the one below 3 after 1 arrived; 3 waits for 2.
        Await.until(WITHIN, () -> refused.get() == 2 && delivered.equals(List.of(1L)), "1 delivered, 3 held");
        databaseAway = false;
        assertEquals(1, sequencer.lastDelivered());
        sequencer.catchUp();

        awaitDelivered(3);
        List<Event> next = append(1);
        sequencer.accept(next);
        awaitDelivered(4);
        assertEquals(List.of(1L, 2L, 3L, 4L), delivered);
    }

    @Test
    void eventsTheLogNoLongerHasAreSkipped() throws SQLException {
        List<Event> e = append(5);
        sequencer = sequencer(0, ev -> delivered.add(ev.id()));
        // Retention removed them during a long outage, in the middle of the gap and at its top.
        sql("delete from events where id in (2, 4)");

        sequencer.accept(List.of(e.get(4)));

        awaitDelivered(5);
        assertEquals(List.of(1L, 3L, 5L), delivered);
    }

    @Test
    void aDeliveryThatFailsDoesNotHoldUpTheNextEvents() {
        List<Event> e = append(3);
        sequencer = sequencer(0, ev -> {
            delivered.add(ev.id());
            if (ev.id() == 2) {
                throw new IllegalStateException("a stream failed");
            }
        });

        sequencer.accept(e);

        awaitDelivered(3);
        assertEquals(List.of(1L, 2L, 3L), delivered);
    }

    /** The delivery callback is given as a lambda. */
    private EventSequencer sequencer(long startAfter, Consumer<Event> deliver) {
        return new EventSequencer(eventLog, ev -> deliver.accept(ev), startAfter);
    }

    private void awaitDelivered(long id) {
        // In order on one thread: once it has id, it has had everything before it (and any repeat of it).
        Await.until(WITHIN, () -> delivered.contains(id), "event " + id + " delivered");
    }

    /** Appends {@code n} events in one transaction, as a write does. */
    private List<Event> append(int n) {
        List<PendingEvent> pending = IntStream.rangeClosed(1, n)
                .mapToObj(i -> new PendingEvent(Rooms.ADMINS, "test:n" + i, "{\"n\":" + i + "}")).toList();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<Event> stored = eventLog.append(c, pending);
            c.commit();
            return stored;
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** {@code database}, except that a new connection is refused (as by a pool that cannot connect) while away. */
    private static DataSource awayWhenAsked(DataSource database) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && databaseAway) {
                        refused.incrementAndGet();
                        throw new SQLTransientConnectionException("the database is away");
                    }
                    try {
                        return method.invoke(database, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
