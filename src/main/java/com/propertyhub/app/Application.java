package com.propertyhub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.account.AccountResource;
import com.propertyhub.account.AccountService;
import com.propertyhub.account.CustomerUserResource;
import com.propertyhub.account.CustomerUserService;
import com.propertyhub.activity.ActivityResource;
import com.propertyhub.auth.ActiveUsers;
import com.propertyhub.auth.AuthFilter;
import com.propertyhub.auth.Authenticator;
import com.propertyhub.auth.ReadOnlyCustomers;
import com.propertyhub.auth.AuthResource;
import com.propertyhub.auth.LoginService;
import com.propertyhub.auth.PasswordHasher;
import com.propertyhub.auth.TokenService;
import com.propertyhub.customer.Customer;
import com.propertyhub.customer.CustomerResource;
import com.propertyhub.customer.CustomerService;
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
import com.propertyhub.persistence.ClusterIdentity;
import com.propertyhub.persistence.Database;
import com.propertyhub.persistence.JdbcTarget;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.payment.Payment;
import com.propertyhub.payment.PaymentResource;
import com.propertyhub.payment.PaymentService;
import com.propertyhub.property.CustomerPropertyResource;
import com.propertyhub.presence.OnlineUsers;
import com.propertyhub.presence.Presence;
import com.propertyhub.presence.PresenceResource;
import com.propertyhub.property.Property;
import com.propertyhub.property.PropertyResource;
import com.propertyhub.property.PropertyService;
import com.propertyhub.realtime.Emitter;
import com.propertyhub.realtime.EventBus;
import com.propertyhub.realtime.EventLog;
import com.propertyhub.realtime.EventStreamServlet;
import com.propertyhub.realtime.LocalEventBus;
import com.propertyhub.realtime.MeteredEventBus;
import com.propertyhub.realtime.NodeDirectory;
import com.propertyhub.realtime.RealtimeHub;
import com.propertyhub.realtime.RealtimeResource;
import com.propertyhub.realtime.RealtimeSettings;
import com.propertyhub.realtime.StreamQuota;
import com.propertyhub.realtime.StreamCloseResource;
import com.propertyhub.realtime.StreamTicketResource;
import com.propertyhub.realtime.StreamTickets;
import com.propertyhub.realtime.redis.RedisBucketStore;
import com.propertyhub.realtime.redis.RedisClients;
import com.propertyhub.realtime.redis.RedisEventBus;
import com.propertyhub.realtime.redis.RedisNodeDirectory;
import com.propertyhub.realtime.redis.RedisOnlineUsers;
import com.propertyhub.realtime.redis.RedisStreamQuota;
import com.propertyhub.realtime.redis.RedisTicketStore;
import com.propertyhub.user.User;
import com.propertyhub.user.UserFields;
import com.propertyhub.user.UserResource;
import com.propertyhub.user.UserService;
import com.propertyhub.web.BucketStore;
import com.propertyhub.web.ClientAddresses;
import com.propertyhub.web.KeyedRateLimiter;
import com.propertyhub.web.RequestValidator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
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
            if (config.embeddedDatabase() && containerDataSource == null) {
                DataDirectory.prepare(config.dataDir());
            }
            this.database = own(containerDataSource != null
                    ? Database.on(containerDataSource, ENTITIES)
                    : Database.open(JdbcTarget.from(config), config.databasePoolSize(), ENTITIES, meters));
            EventLog eventLog = new EventLog(database.dataSource());
            RealtimeSettings realtime = new RealtimeSettings(nodeId, config.sseHeartbeat(), config.sseRetry(),
                    config.sseMaxStreamsPerUser(), config.sseQueueLimit(), config.streamTicketTtl(),
                    config.eventRetention(), config.eventRetentionCount(), config.eventCleanupInterval(),
                    config.eventCatchupInterval(), config.sseFanoutThreads());
            NodeDirectory nodes;
            BucketStore rateLimits;
            StreamQuota streamQuota;
            OnlineUsers onlineUsers;
            if (config.redis().isPresent()) {
                RedisClients redis =
                        own(new RedisClients(config.redisUrl(), ClusterIdentity.load(database.dataSource())));
                rateLimits = new RedisBucketStore(redis, config.loginFailureWindow());
                RedisStreamQuota quota = own(new RedisStreamQuota(redis, nodeId));
                this.hub = own(new RealtimeHub(realtime, eventLog,
                        new RedisTicketStore(redis, config.streamTicketTtl(), json), quota, json, meters));
                quota.start(hub.rooms());
                streamQuota = quota;
                onlineUsers = new RedisOnlineUsers(redis, json);
                RedisEventBus redisBus = new RedisEventBus(redis, hub.sequencer(), json, nodeId,
                        config.redisCanaryInterval());
                // Transient signals (typing indicators) travel on a channel of their own, beside the event log path.
                redisBus.deliverTransientTo(hub::deliverTransient);
                hub.relayTransientTo(redisBus::publishTransient);
                FunctionCounter.builder("propertyhub_redis_reconnects", redisBus,
                        b -> Math.max(0, b.subscriptions() - 1))
                        .description("Times the Redis subscriber had to reconnect").register(meters);
                Gauge.builder("propertyhub_redis_degraded", redisBus, b -> b.link() == EventBus.Link.DEGRADED ? 1 : 0)
                        .description("1 while this node's Redis subscriber does not hear its canary, else 0")
                        .register(meters);
                FunctionCounter.builder("propertyhub_redis_degraded_episodes", redisBus,
                        RedisEventBus::degradedEpisodes)
                        .description("Times the Redis subscriber was found deaf to this node's canary")
                        .register(meters);
                FunctionCounter.builder("propertyhub_redis_publishes_dropped", redisBus,
                        RedisEventBus::publishesDropped)
                        .description(
                                "Publishes dropped because the publish queue was full (peers read them from the log)")
                        .register(meters);
                Gauge.builder("propertyhub_redis_publishes_pending", redisBus, RedisEventBus::publishesPending)
                        .description("Publishes waiting for the Redis publisher thread").register(meters);
                this.bus = own(new MeteredEventBus(redisBus, hub.metrics()));
                nodes = own(new RedisNodeDirectory(redis, hub, json));
            } else {
                rateLimits = BucketStore.local(config.loginFailureWindow().multipliedBy(2));
                this.hub = own(new RealtimeHub(realtime, eventLog, new StreamTickets(config.streamTicketTtl()),
                        StreamQuota.SINGLE_NODE, json, meters));
                streamQuota = StreamQuota.SINGLE_NODE;
                onlineUsers = OnlineUsers.local();
                this.bus = own(new MeteredEventBus(new LocalEventBus(hub.sequencer()), hub.metrics()));
                nodes = own(NodeDirectory.single(hub));
            }
            Transactions tx = new Transactions(database.entityManagerFactory(), database.dataSource(), eventLog, bus,
                    json);

            PasswordHasher hasher = new PasswordHasher(config.passwordHashCost());
            TokenService tokens = new TokenService(JwtSecrets.resolve(config), config.jwtTtl(), Clock.systemUTC());
            if (config.embeddedDatabase() && containerDataSource == null) {
                DataDirectory.closeFiles(config.dataDir());
            }
            RequestValidator validator = own(new RequestValidator());
            UserFields userFields = new UserFields(hasher);
            ActiveUsers activeUsers = new ActiveUsers(tx);
            Authenticator authenticator = new Authenticator(tokens, hub.tickets()::redeem, activeUsers);
            // Every node refuses the tokens of ended sessions as soon as it delivers the event that says so.
            hub.whenSessionsEnd(activeUsers::sessionsEnded);
            LoginService logins = new LoginService(tx, hasher, tokens, activeUsers, config.loginMaxFailures(),
                    config.loginFailureWindow(), rateLimits);
            CustomerService customers = new CustomerService(tx);
            UserService users = new UserService(tx, userFields);
            CustomerUserService customerUsers = new CustomerUserService(tx, userFields);
            Emitter emitter = new Emitter(tx, json);
            ClientAddresses addresses = ClientAddresses.trusting(config.trustedProxies());

            // Maintenance requests, typing indicators and the notification center.
            MaintenanceService maintenance = new MaintenanceService(tx, hub, new KeyedRateLimiter("typing", 5,
                    Duration.ofSeconds(1), "At most 5 typing signals per second", rateLimits),
                    new KeyedRateLimiter("comments", MaintenanceService.COMMENTS_PER_MINUTE, Duration.ofMinutes(1),
                            "At most " + MaintenanceService.COMMENTS_PER_MINUTE + " comments a minute; slow down",
                            rateLimits), json);
            MaintenanceResource maintenanceResource = new MaintenanceResource(maintenance, validator);
            NotificationResource notificationResource = new NotificationResource(new Notifications(tx));
            // Presence and activity: who is online across the cluster (decided here, announced through the event
            // log), and the log as a feed of what the caller may see.
            Presence presence =
                    own(new Presence(hub.rooms(), streamQuota, onlineUsers, emitter, config.presenceGrace()));
            if (config.presence()) {
                presence.start(hub);
            }

            this.demoLogins = new DemoData(tx, customers, users, customerUsers, config).load();
            // Properties and payments (README "Properties and payments").
            PropertyService properties = new PropertyService(tx);
            PaymentService payments = new PaymentService(tx);

            this.api = ApiApplication.of(List.of(
                    new AuthFilter(authenticator), new ReadOnlyCustomers(tx),
                    new AuthResource(logins, validator, addresses),
                    new CustomerResource(customers, validator),
                    new CustomerUserResource(customerUsers, validator),
                    new UserResource(users, validator),
                    new AccountResource(new AccountService(tx), customerUsers, validator),
                    new PropertyResource(properties, validator), new CustomerPropertyResource(properties),
                    new PaymentResource(payments, validator),
                    new StreamTicketResource(hub.tickets(), streamRate("stream-tickets", "stream tickets", rateLimits)),
                    new StreamCloseResource(hub, activeUsers,
                            streamRate("stream-closes", "stream closes", rateLimits)),
                    new RealtimeResource(nodes, emitter, eventLog, validator, json,
                            new KeyedRateLimiter("emits", config.emitMaxPerMinute(), Duration.ofMinutes(1),
                                    "Too many emits; slow down", rateLimits)),
                    new LogLevelResource(validator),
                    maintenanceResource, notificationResource,
                    new PresenceResource(presence),
                    new ActivityResource(eventLog, activeUsers, json)), json);
            this.streamServlet = new EventStreamServlet(hub, authenticator, json,
                    streamRate("stream-opens", "stream opens", rateLimits),
                    new KeyedRateLimiter("stream-auth-failures", config.streamAuthFailuresPerMinute(),
                            Duration.ofMinutes(1),
                            "Too many failed stream authentications from this address; try again later", rateLimits),
                    addresses);
            this.metricsServlet = new MetricsServlet(metrics.registry(),
                    new MetricsAccess(authenticator, config.metricsToken()), json);
            this.health = new Health(database, bus, config.redis().isPresent());
            hub.start();
            log.info("Node {} started ({} database, {})", nodeId,
                    config.embeddedDatabase() ? "embedded H2" : "PostgreSQL",
                    config.redis().isPresent() ? "Redis cluster bus" : "single node");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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
