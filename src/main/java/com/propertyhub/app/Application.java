package com.propertyhub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.account.AccountResource;
import com.propertyhub.account.AccountService;
import com.propertyhub.account.CustomerUserResource;
import com.propertyhub.account.CustomerUserService;
import com.propertyhub.activity.ActivityResource;
import com.propertyhub.auth.ActiveUsers;
import com.propertyhub.auth.AuthFilter;
import com.propertyhub.auth.AuthResource;
import com.propertyhub.auth.Authenticator;
import com.propertyhub.auth.LoginService;
import com.propertyhub.auth.ReadOnlyCustomers;
import com.propertyhub.auth.TokenService;
import com.propertyhub.customer.Customer;
import com.propertyhub.customer.CustomerResource;
import com.propertyhub.customer.CustomerService;
import com.propertyhub.customer.Customers;
import com.propertyhub.health.Health;
import com.propertyhub.maintenance.MaintenanceComment;
import com.propertyhub.maintenance.MaintenanceRequest;
import com.propertyhub.maintenance.MaintenanceResource;
import com.propertyhub.maintenance.MaintenanceService;
import com.propertyhub.notification.Notification;
import com.propertyhub.notification.NotificationResource;
import com.propertyhub.notification.Notifications;
import com.propertyhub.ops.LogLevelResource;
import com.propertyhub.ops.Metrics;
import com.propertyhub.ops.MetricsAccess;
import com.propertyhub.ops.MetricsServlet;
import com.propertyhub.payment.Payment;
import com.propertyhub.payment.PaymentResource;
import com.propertyhub.payment.PaymentService;
import com.propertyhub.persistence.Database;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.presence.Presence;
import com.propertyhub.presence.PresenceResource;
import com.propertyhub.property.CustomerPropertyResource;
import com.propertyhub.property.Property;
import com.propertyhub.property.PropertyResource;
import com.propertyhub.property.PropertyService;
import com.propertyhub.realtime.EventBus;
import com.propertyhub.realtime.EventLog;
import com.propertyhub.realtime.EventOutbox;
import com.propertyhub.realtime.EventRecorder;
import com.propertyhub.realtime.EventSequencer;
import com.propertyhub.realtime.EventStreamServlet;
import com.propertyhub.realtime.MeteredEventBus;
import com.propertyhub.realtime.NodeDirectory;
import com.propertyhub.realtime.RealtimeHub;
import com.propertyhub.realtime.RealtimeMetrics;
import com.propertyhub.realtime.RealtimeResource;
import com.propertyhub.realtime.RealtimeSettings;
import com.propertyhub.realtime.RoomDelivery;
import com.propertyhub.realtime.RoomRegistry;
import com.propertyhub.realtime.StreamCloseResource;
import com.propertyhub.realtime.StreamCredentials;
import com.propertyhub.realtime.StreamQuota;
import com.propertyhub.realtime.StreamTicketResource;
import com.propertyhub.user.PasswordHasher;
import com.propertyhub.user.User;
import com.propertyhub.user.UserFields;
import com.propertyhub.user.UserResource;
import com.propertyhub.user.UserService;
import com.propertyhub.web.BucketStore;
import com.propertyhub.web.ClientAddresses;
import com.propertyhub.web.KeyedRateLimiter;
import com.propertyhub.web.RequestValidator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole application wired by hand (constructor injection, no static state), so a test can run several
 * nodes in one JVM. Built from an {@link AppConfig}; closing it releases everything it started, in reverse.
 */
public final class Application implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Application.class);
    private static final List<Class<?>> ENTITIES = List.of(Customer.class, User.class, Property.class, Payment.class,
            MaintenanceRequest.class, MaintenanceComment.class, Notification.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AppConfig config;
    private final ObjectMapper json;
    private final Metrics metrics;
    private final Database database;
    private final RealtimeHub hub;
    private final EventBus bus;
    private final ResourceConfig api;
    private final EventStreamServlet streamServlet;
    private final MetricsServlet metricsServlet;
    private final Health health;
    private final List<DemoData.Login> demoLogins;

    private Application(AppConfig config, DataSource containerDataSource, ObjectMapper json) {
        this.config = config;
        this.json = json;
        try {
            String nodeId = config.nodeId() != null ? config.nodeId()
                    : "node-" + UUID.randomUUID().toString().substring(0, 8);
            this.metrics = own(new Metrics(nodeId));
            MeterRegistry meters = metrics.registry();
            boolean ownDatabase = containerDataSource == null;
            if (config.embeddedDatabase() && ownDatabase) {
                DataDirectory.prepare(config.dataDir());
            }
            this.database = own(ownDatabase
                    ? Database.open(DatabaseUrl.target(config), config.databasePoolSize(), ENTITIES, meters)
                    : Database.on(containerDataSource, ENTITIES));
            Topology topology = own(config.redis().isPresent()
                    ? new RedisCluster(config, nodeId, database.dataSource(), json, meters)
                    : new SingleNode(config));
            BucketStore rateLimits = topology.rateLimits();

            // The realtime core: rooms, in-order delivery, the bus, the streams, and the outbox that feeds them.
            EventLog eventLog = new EventLog(database.dataSource());
            RoomRegistry rooms = own(new RoomRegistry(config.sseMaxStreamsPerUser(), config.sseFanoutThreads()));
            RealtimeMetrics realtimeMetrics = new RealtimeMetrics(meters, rooms);
            RoomDelivery delivery = new RoomDelivery(rooms, realtimeMetrics, json);
            EventSequencer sequencer = own(new EventSequencer(eventLog, delivery, eventLog.lastId()));
            this.bus = own(new MeteredEventBus(topology.bus(sequencer, delivery::deliverTransient), realtimeMetrics));
            StreamQuota streamQuota = own(topology.streamQuota(rooms));
            this.hub = own(new RealtimeHub(realtimeSettings(nodeId), eventLog, rooms, sequencer, realtimeMetrics,
                    topology.tickets(), streamQuota, bus, json));
            NodeDirectory nodes = own(topology.nodes(hub::localStats));
            EventOutbox outbox = new EventOutbox(eventLog, bus);
            Transactions tx = new Transactions(database.entityManagerFactory(), database.dataSource(), outbox, json);
            EventRecorder emitter = new EventRecorder(tx, outbox, json);

            // Sign-in, tokens and who may still use theirs.
            PasswordHasher hasher = new PasswordHasher(config.passwordHashCost());
            TokenService tokens = new TokenService(JwtSecrets.resolve(config), config.jwtTtl(), Clock.systemUTC());
            if (config.embeddedDatabase() && ownDatabase) {
                DataDirectory.closeFiles(config.dataDir());
            }
            ActiveUsers activeUsers = new ActiveUsers(tx);
            Authenticator authenticator = new Authenticator(tokens, hub.tickets(), activeUsers);
            // Every node refuses the tokens of ended sessions as soon as it delivers the event that says so.
            delivery.whenSessionsEnd(activeUsers::sessionsEnded);
            LoginService logins = new LoginService(tx, hasher, tokens, activeUsers, config.loginMaxFailures(),
                    config.loginFailureWindow(), rateLimits);

            // The features.
            RequestValidator validator = own(new RequestValidator());
            // A new role empties the user's notification center: what it held was written for the old role.
            UserFields userFields = new UserFields(hasher, Notifications::forget);
            Customers customerRecords = new Customers();
            CustomerService customers = new CustomerService(tx, customerRecords);
            UserService users = new UserService(tx, userFields);
            CustomerUserService customerUsers = new CustomerUserService(tx, userFields, customerRecords);
            PropertyService properties = new PropertyService(tx, customerRecords);
            PaymentService payments = new PaymentService(tx);
            MaintenanceService maintenance = maintenance(tx, rateLimits);
            // Presence: who is online across the cluster (decided here, announced through the event log).
            Presence presence = own(new Presence(rooms, streamQuota, topology.onlineUsers(), emitter,
                    config.presenceGrace()));
            if (config.presence()) {
                presence.start();
                hub.listen(presence);
            }
            this.demoLogins = new DemoData(tx, customers, users, customerUsers, config).load();

            // The HTTP surface.
            ClientAddresses addresses = ClientAddresses.trusting(config.trustedProxies());
            this.api = ApiApplication.of(List.of(
                    new AuthFilter(authenticator), new ReadOnlyCustomers(tx),
                    new AuthResource(logins, validator, addresses),
                    new CustomerResource(customers, validator),
                    new CustomerUserResource(customerUsers, validator),
                    new UserResource(users, validator),
                    new AccountResource(new AccountService(tx, customerRecords), customerUsers, validator),
                    new PropertyResource(properties, validator), new CustomerPropertyResource(properties),
                    new PaymentResource(payments, validator),
                    new StreamTicketResource(hub.tickets(), streamRate("stream-tickets", "stream tickets", rateLimits)),
                    new StreamCloseResource(hub, activeUsers,
                            streamRate("stream-closes", "stream closes", rateLimits)),
                    new RealtimeResource(nodes, emitter, eventLog, validator, json,
                            new KeyedRateLimiter("emits", config.emitMaxPerMinute(), Duration.ofMinutes(1),
                                    "Too many emits; slow down", rateLimits)),
                    new LogLevelResource(validator),
                    new MaintenanceResource(maintenance, validator),
                    new NotificationResource(new Notifications(tx)),
                    new PresenceResource(presence),
                    new ActivityResource(eventLog, activeUsers, json)), json);
            // A stream is opened with a bearer token or a one-time ticket (EventSource cannot send a header).
            StreamCredentials streamCredentials = (authorization, ticket) ->
                    authenticator.identify(Authenticator.Accepts.BEARER_OR_TICKET, authorization, ticket);
            this.streamServlet = new EventStreamServlet(hub, streamCredentials, activeUsers, json,
                    streamRate("stream-opens", "stream opens", rateLimits),
                    new KeyedRateLimiter("stream-auth-failures", config.streamAuthFailuresPerMinute(),
                            Duration.ofMinutes(1),
                            "Too many failed stream authentications from this address; try again later", rateLimits),
                    addresses);
            this.metricsServlet = new MetricsServlet(metrics.registry(),
                    new MetricsAccess(authenticator, config.metricsToken()), json);
            this.health = new Health(database, bus, topology.clustered());

            hub.start();
            log.info("Node {} started ({} database, {})", nodeId,
                    config.embeddedDatabase() ? "embedded H2" : "PostgreSQL", topology.describe());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private RealtimeSettings realtimeSettings(String nodeId) {
        return new RealtimeSettings(nodeId, config.sseHeartbeat(), config.sseRetry(), config.sseMaxStreamsPerUser(),
                config.sseQueueLimit(), config.streamTicketTtl(), config.eventRetention(), config.eventRetentionCount(),
                config.eventCleanupInterval(), config.eventCatchupInterval(), config.sseFanoutThreads());
    }

    /** Maintenance requests, their comment threads and typing signals, each limited per user. */
    private MaintenanceService maintenance(Transactions tx, BucketStore rateLimits) {
        return new MaintenanceService(tx, hub, new KeyedRateLimiter("typing", 5,
                Duration.ofSeconds(1), "At most 5 typing signals per second", rateLimits),
                new KeyedRateLimiter("comments", MaintenanceService.COMMENTS_PER_MINUTE, Duration.ofMinutes(1),
                        "At most " + MaintenanceService.COMMENTS_PER_MINUTE + " comments a minute; slow down",
                        rateLimits), json);
    }

    /** A per-user limit on one stream action: bursts of STREAM_RATE_BURST, then STREAM_RATE_PER_MINUTE. */
    private KeyedRateLimiter streamRate(String name, String what, BucketStore rateLimits) {
        return new KeyedRateLimiter(name, config.streamRateBurst(), config.streamRatePerMinute(), Duration.ofMinutes(1),
                "Too many " + what + "; slow down", rateLimits);
    }

    /** {@code json}: the mapper every JSON answer and event of this node is written with. */
    public static Application start(AppConfig config, DataSource containerDataSource, ObjectMapper json) {
        return new Application(config, containerDataSource, json);
    }

    private <T extends AutoCloseable> T own(T resource) {
        started.push(resource);
        return resource;
    }

    public AppConfig config() {
        return config;
    }

    public ObjectMapper json() {
        return json;
    }

    public ResourceConfig api() {
        return api;
    }

    public EventStreamServlet streamServlet() {
        return streamServlet;
    }

    public MetricsServlet metricsServlet() {
        return metricsServlet;
    }

    public Health health() {
        return health;
    }

    public Metrics metrics() {
        return metrics;
    }

    public RealtimeHub hub() {
        return hub;
    }

    public List<DemoData.Login> demoLogins() {
        return demoLogins;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
