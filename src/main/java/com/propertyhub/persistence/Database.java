package com.propertyhub.persistence;

import com.propertyhub.threads.DaemonThreads;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.ValidationMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, the schema (Flyway) and the JPA entity manager factory (Hibernate), started and
 * closed together. A container-provided JNDI {@link DataSource} can replace the pool.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final PoolThreads poolThreads;
    private final EntityManagerFactory emf;

    private Database(DataSource dataSource, HikariDataSource ownedPool, PoolThreads poolThreads,
                     List<Class<?>> entities) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.poolThreads = poolThreads;
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            HibernatePersistenceConfiguration cfg = new HibernatePersistenceConfiguration("propertyhub")
                    .managedClasses(entities.toArray(Class<?>[]::new))
                    .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                    .property(AvailableSettings.HBM2DDL_AUTO, "none")
                    // Requests are validated at the API edge (RequestValidator); entities are not re-validated.
                    .validationMode(ValidationMode.NONE)
                    .property(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                    .property(AvailableSettings.ORDER_INSERTS, true)
                    .property(AvailableSettings.ORDER_UPDATES, true)
                    .property(AvailableSettings.JDBC_TIME_ZONE, "UTC");
            this.emf = cfg.createEntityManagerFactory();
        } catch (RuntimeException e) {
            closePool();
            throw e;
        }
    }

    /** Opens a pool of its own against {@code target}, migrates the schema and starts Hibernate. */
    public static Database open(JdbcTarget target, int poolSize, List<Class<?>> entities, MeterRegistry meters) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("propertyhub-db");
        PoolThreads threads = new PoolThreads("propertyhub-db");
        hikari.setThreadFactory(threads);
        // Explicit: under some servlet containers DriverManager cannot see the webapp's drivers.
        hikari.setDriverClassName(target.driverClassName());
        hikari.setJdbcUrl(target.url());
        hikari.setUsername(target.user());
        hikari.setPassword(target.password());
        hikari.setMaximumPoolSize(poolSize);
        hikari.setMinimumIdle(Math.min(2, poolSize));
        hikari.setConnectionTimeout(3_000);
        hikari.setValidationTimeout(1_000);
        hikari.setAutoCommit(true);
        // Start even if the database is down for a moment: requests answer 503 until it is back.
        hikari.setInitializationFailTimeout(-1);
        hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        if (target.isPostgres()) {
            // Without this, PgJDBC puts the failing statement's parameter values into exception messages
            // ("Batch entry 0 insert into users ... values (..., '$2a$...')"), and from there into the log:
            // a constraint race on a user insert would log the password hash.
            hikari.addDataSourceProperty("logServerErrorDetail", "false");
        }
        HikariDataSource pool = new HikariDataSource(hikari);
        log.info("Database: {}", target.describe());
        return new Database(pool, pool, threads, entities);
    }

    /** Uses a container-managed data source (looked up from JNDI); the container owns its lifecycle. */
    public static Database on(DataSource dataSource, List<Class<?>> entities) {
        return new Database(dataSource, null, null, entities);
    }

    public EntityManagerFactory entityManagerFactory() {
        return emf;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when a connection can be borrowed and is valid within a second. */
    public boolean isUp() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            emf.close();
        } finally {
            closePool();
        }
    }

    /** Closes the pool this owns (if any) and waits for its threads to end. */
    private void closePool() {
        if (ownedPool != null) {
            ownedPool.close();
            if (!poolThreads.awaitEnded(DaemonThreads.STOP_WAIT)) {
                log.warn("A connection pool thread is still running {} after the pool closed", DaemonThreads.STOP_WAIT);
            }
        }
    }
}
