package com.propertyhub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.web.ErrorServlet;
import com.propertyhub.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs PropertyHub Realtime on embedded Jetty: {@code mvn exec:java}. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final String WILDCARD = "0.0.0.0";
    /**
     * The dashboards' files: {@code src/main/webapp} of the project directory, or the folder that the
     * distribution's launcher ({@code bin/propertyhub}) names with {@value #WEBAPP_PROPERTY}.
     */
    private static final String WEBAPP_PROPERTY = "propertyhub.webapp";
    private static final Path WEBAPP = Path.of(System.getProperty(WEBAPP_PROPERTY, "src/main/webapp"));
    /**
     * Front-end files the build makes (vendor/uplot/ from its WebJar); the WAR and the distribution pack them
     * beside WEBAPP's.
     */
    private static final Path GENERATED_WEBAPP = Path.of("target", "generated-webapp");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        AppConfig config;
        try {
            config = AppConfig.from(ConfigSource.standard());
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        long begin = System.nanoTime();
        Server server = newServer(config.port(), config);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                log.warn("Stopping failed: {}", e.toString());
            }
        }, "shutdown"));
        printBanner(server, (System.nanoTime() - begin) / 1_000_000);
        server.join();
    }

    /**
     * An unstarted server with the whole application; {@code port} 0 picks a free port. The same wiring
     * serves the standalone run and the tests.
     */
    public static Server newServer(int port, AppConfig config) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // The request line and headers together; beyond it Jetty answers 431 (or 414 for the URI) itself.
        http.setRequestHeaderSize(config.httpMaxHeaderSize());
        List<ServerConnector> connectors = ServerConnectors.create(server, http, port, config);
        connectors.forEach(server::addConnector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        // A WebAppContext hides these by itself; a plain ServletContextHandler serving src/main/webapp does not,
        // and would hand out WEB-INF/web.xml to anyone who asks.
        context.setProtectedTargets(new String[] {"/WEB-INF", "/META-INF"});
        context.setAttribute(AppContextListener.CONFIG_ATTRIBUTE, config);
        // One JSON mapper for the application and for the server's own refusals below.
        ObjectMapper json = Json.newMapper();
        context.setAttribute(AppContextListener.JSON_ATTRIBUTE, json);
        context.addEventListener(new AppContextListener());
        if (Files.isDirectory(WEBAPP)) {
            ResourceFactory resources = ResourceFactory.of(context);
            Resource webapp = resources.newResource(WEBAPP.toAbsolutePath());
            if (System.getProperty(WEBAPP_PROPERTY) != null) {
                log.debug("dashboards from {}", WEBAPP.toAbsolutePath());
            } else if (Files.isDirectory(GENERATED_WEBAPP)) {
                // src/main/webapp first: a file in both places is served from the sources.
                webapp = ResourceFactory.combine(
                        List.of(webapp, resources.newResource(GENERATED_WEBAPP.toAbsolutePath())));
            } else {
                log.warn("{} not found: the admin dashboard's chart library is missing (build with mvn compile)",
                        GENERATED_WEBAPP);
            }
            context.setBaseResource(webapp);
            context.setWelcomeFiles(new String[] {"index.html"});
        } else {
            log.warn("{} not found: the dashboards are not served (run from the project directory)", WEBAPP);
        }
        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, ErrorServlet.PATH);
        context.setErrorHandler(errors);
        HeaderDeadline headerDeadline = new HeaderDeadline(config.httpHeaderTimeout(), server.getScheduler(), context);
        connectors.forEach(c -> c.addEventListener(headerDeadline));
        server.setHandler(headerDeadline);
        // Requests refused before they reach the context (414, 431, a malformed URI) get the JSON error too.
        server.setErrorHandler(new JsonErrorHandler(json));
        server.setStopTimeout(5_000);
        // Streams never finish by themselves: end them first, so the graceful stop does not wait for them.
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                Application app = application(server);
                if (app != null) {
                    app.hub().endAllStreams();
                }
            }
        });
        return server;
    }

    /** The application running in {@code server}'s context. */
    public static Application application(Server server) {
        ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
        return (Application) context.getServletContext().getAttribute(AppContextListener.APPLICATION_ATTRIBUTE);
    }

    private static void printBanner(Server server, long startMillis) {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        String address = host(connector.getHost()) + ":" + connector.getLocalPort();
        Application app = application(server);
        StringBuilder banner = new StringBuilder()
                .append("\n  PropertyHub Realtime is running at http://").append(address).append("/")
                .append("  (started in ").append(startMillis).append(" ms)\n");
        if (server.getConnectors().length > 1) {
            ServerConnector tls = (ServerConnector) server.getConnectors()[1];
            banner.append("  HTTPS with HTTP/2 at https://").append(host(tls.getHost())).append(':')
                    .append(tls.getLocalPort()).append("/\n");
        }
        if (app.config().embeddedDatabase()) {
            banner.append("  Embedded database and JWT secret under ").append(app.config().dataDir().toAbsolutePath())
                    .append('\n');
        }
        if (!app.demoLogins().isEmpty()) {
            banner.append("  Demo logins (password: ").append(DemoData.PASSWORD).append("):\n");
            for (DemoData.Login login : app.demoLogins()) {
                banner.append(String.format("    %-12s %-30s %s%n", login.role(), login.email(),
                        login.customer() == null ? "" : login.customer()));
            }
        }
        if (!app.config().bindAddress().equals(WILDCARD)) {
            banner.append("  Listening on ").append(app.config().bindAddress()).append(" only (BIND_ADDRESS)\n");
        }
        banner.append("  Try: curl -s ").append(address).append("/health\n");
        System.out.println(banner);
    }

    /** How to reach {@code bindAddress} from this machine, for the banner: localhost unless bound elsewhere. */
    private static String host(String bindAddress) {
        if (bindAddress == null || bindAddress.equals(WILDCARD) || bindAddress.equals("::")
                || bindAddress.equals("localhost") || bindAddress.startsWith("127.") || bindAddress.equals("::1")) {
            return "localhost";
        }
        return bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    }
}
