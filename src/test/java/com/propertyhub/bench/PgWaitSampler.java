package com.propertyhub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the application's PostgreSQL backends are waiting for, sampled from {@code pg_stat_activity} every
 * {@link #EVERY_MILLIS} ms on a connection of its own. The mean number of backends in a wait, times the window,
 * is the time spent in it (Little's law): {@code Lock:transactionid} and {@code Lock:tuple} are row-lock waits (on
 * {@code event_sequence} and the customer rows), {@code IO:WALSync} and {@code LWLock:WALWrite} the commit flush.
 */
final class PgWaitSampler implements AutoCloseable {
    static final int EVERY_MILLIS = 10;

    private final Connection connection;
    private final PreparedStatement query;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-pg-waits");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> counts = new TreeMap<>();
    private long samples;

    private PgWaitSampler(Connection connection) throws SQLException {
        this.connection = connection;
        this.query = connection.prepareStatement("select coalesce(wait_event_type, 'CPU'),"
                + " coalesce(wait_event, 'running'), count(*) from pg_stat_activity where datname = current_database()"
                + " and pid <> pg_backend_pid() and state in ('active', 'idle in transaction') group by 1, 2");
    }

    static PgWaitSampler start(String jdbcUrl, String user, String password) throws SQLException {
        PgWaitSampler s = new PgWaitSampler(DriverManager.getConnection(jdbcUrl, user, password));
        s.sampler.scheduleAtFixedRate(s::sample, 0, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return s;
    }

    private void sample() {
        Map<String, Long> now = new LinkedHashMap<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                now.put(rs.getString(1) + ":" + rs.getString(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            if (!sampler.isShutdown()) {
                Bench.log("pg_stat_activity sampling stopped: " + e.getMessage());
            }
            throw new IllegalStateException(e); // ends the schedule
        }
        synchronized (this) {
            samples++;
            now.forEach((k, v) -> counts.merge(k, v, Long::sum));
        }
    }

    /** Starts a new window. */
    synchronized void reset() {
        counts.clear();
        samples = 0;
    }

    /** Per wait ({@code type:event}), the mean number of the application's backends in it since {@link #reset}. */
    synchronized Map<String, Double> meanBackends() {
        Map<String, Double> mean = new LinkedHashMap<>();
        if (samples > 0) {
            counts.forEach((k, v) -> mean.put(k, Report.round3(v / (double) samples)));
        }
        return mean;
    }

    synchronized long samples() {
        return samples;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(2, TimeUnit.SECONDS);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
