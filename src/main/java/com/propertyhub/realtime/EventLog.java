package com.propertyhub.realtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * The durable, cluster-wide log of events (an outbox in the same database as the data).
 *
 * <p>Ids are assigned under a row lock on {@code event_sequence} that is held until the writing transaction
 * commits. So ids are dense (a rolled-back transaction gives its ids back) and commit in id order: once id N
 * is visible, every id below N is visible too. That is what lets a client resume from {@code Last-Event-ID}
 * and lets every node deliver events strictly in order without gaps.
 */
public final class EventLog {
    private final DataSource dataSource;

    public EventLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores {@code pending} inside the caller's transaction on {@code c}; returns the stored events.
     *
     * <p>From its first statement until the caller commits, this holds the {@code event_sequence} row lock that
     * every event-producing write of the cluster waits for, so it does only what the order needs: one statement
     * that takes the lock and claims the ids ({@code UPDATE … RETURNING}, through JDBC's generated keys on
     * PostgreSQL and H2 alike), and one batch that inserts the rows. Everything else is done before (the statements
     * and the timestamp) or after the commit (each event's SSE frame, on first use).
     */
    public List<Event> append(Connection c, List<PendingEvent> pending) throws SQLException {
        if (pending.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime createdAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement claim = c.prepareStatement(
                "update event_sequence set last_id = last_id + ? where id = 1", new String[] {"last_id"});
             PreparedStatement insert = c.prepareStatement(
                     "insert into events (id, room, name, payload, created_at) values (?, ?, ?, ?, ?)")) {
            claim.setLong(1, pending.size());
            claim.executeUpdate();
            long last;
            try (ResultSet rs = claim.getGeneratedKeys()) {
                if (!rs.next()) {
                    throw new SQLException("event_sequence has no row 1");
                }
                last = rs.getLong(1);
            }
            long id = last - pending.size();
            List<Event> stored = new ArrayList<>(pending.size());
            for (PendingEvent p : pending) {
                Event e = new Event(++id, p.room(), p.name(), p.data(), now);
                insert.setLong(1, e.id());
                insert.setString(2, e.room());
                insert.setString(3, e.name());
                insert.setString(4, e.data());
                insert.setObject(5, createdAt);
                insert.addBatch();
                stored.add(e);
            }
            insert.executeBatch();
            return stored;
        }
    }

    /** Events after {@code afterId} addressed to any of {@code rooms}, oldest first, at most {@code limit}. */
    public List<Event> readAfter(long afterId, Collection<String> rooms, int limit) {
        StringBuilder sql = new StringBuilder(
                "select id, room, name, payload, created_at from events where id > ? and room in (");
        for (int i = 0; i < rooms.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(") order by id limit ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, afterId);
            for (String room : rooms) {
                ps.setString(i++, room);
            }
            ps.setInt(i, limit);
            return read(ps);
        } catch (SQLException e) {
            throw new EventLogException("cannot read the event log", e);
        }
    }

    /**
     * Events before {@code beforeId} ({@code null}: the newest) addressed to any of {@code rooms}, newest first,
     * at most {@code limit}: the log read backwards, for the activity feed. One backward range scan of the
     * {@code (room, id)} index per room, merged here: a single {@code room in (...)} query would have to collect and
     * sort every event of a busy room like {@code admins} to find the newest few.
     */
    public List<Event> readBefore(Long beforeId, Collection<String> rooms, int limit) {
        List<Event> merged = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, room, name, payload, created_at from events"
                        + " where room = ? and id < ? order by id desc limit ?")) {
            for (String room : rooms) {
                ps.setString(1, room);
                ps.setLong(2, beforeId == null ? Long.MAX_VALUE : beforeId);
                ps.setInt(3, limit);
                merged.addAll(read(ps));
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot read the event log", e);
        }
        merged.sort(Comparator.comparingLong(Event::id).reversed());
        return merged.size() > limit ? List.copyOf(merged.subList(0, limit)) : merged;
    }

    /** Every event with {@code fromId <= id <= toId}, in id order (used to fill gaps in delivery). */
    public List<Event> readRange(long fromId, long toId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select id, room, name, payload, created_at from events where id >= ? and id <= ? order by id")) {
            ps.setLong(1, fromId);
            ps.setLong(2, toId);
            return read(ps);
        } catch (SQLException e) {
            throw new EventLogException("cannot read the event log", e);
        }
    }

    /** The highest id ever assigned (0 when none). */
    public long lastId() {
        return queryLong("select last_id from event_sequence where id = 1");
    }

    /** Events with ids up to this one have been removed by retention. */
    public long prunedThrough() {
        return queryLong("select pruned_through from event_retention where id = 1");
    }

    /**
     * Removes events older than {@code before} and all but the newest {@code keep}; returns how many were removed.
     */
    public int prune(Instant before, long keep) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long last;
                try (PreparedStatement ps = c.prepareStatement("select last_id from event_sequence where id = 1");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
                long byCount = last - keep;
                long byAge;
                try (PreparedStatement ps = c.prepareStatement(
                        "select coalesce(max(id), 0) from events where created_at < ?")) {
                    ps.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        byAge = rs.getLong(1);
                    }
                }
                long through = Math.max(byCount, byAge);
                int removed = 0;
                if (through > 0) {
                    try (PreparedStatement update = c.prepareStatement(
                            "update event_retention set pruned_through = ? where id = 1 and pruned_through < ?")) {
                        update.setLong(1, through);
                        update.setLong(2, through);
                        update.executeUpdate();
                    }
                    try (PreparedStatement delete = c.prepareStatement("delete from events where id <= ?")) {
                        delete.setLong(1, through);
                        removed = delete.executeUpdate();
                    }
                }
                c.commit();
                return removed;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new EventLogException("cannot prune the event log", e);
        }
    }

    private long queryLong(String sql) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new EventLogException("cannot read the event log", e);
        }
    }

    private static List<Event> read(PreparedStatement ps) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
        }
        return events;
    }

    /** The event log could not be read or written (usually: the database is unreachable). */
    public static final class EventLogException extends RuntimeException {
        public EventLogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
