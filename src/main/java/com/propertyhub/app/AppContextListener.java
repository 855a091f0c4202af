package com.propertyhub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.health.HealthServlet;
import com.propertyhub.ops.RequestLogFilter;
import com.propertyhub.web.ErrorServlet;
import com.propertyhub.web.Json;
import com.propertyhub.web.NoTraceFilter;
import com.propertyhub.web.SecurityHeadersFilter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts the application when its servlet context starts (the WAR under any container, and the embedded
 * server alike) and registers its servlets: the Jersey API under {@code /api/*}, the event stream at
 * {@code /api/events}, health checks and the JSON error page. Stops it with the context.
 */
public final class AppContextListener implements ServletContextListener {
    /** Context attribute through which the embedded server and tests hand over a ready {@link AppConfig}. */
    public static final String CONFIG_ATTRIBUTE = AppConfig.class.getName();
    public static final String APPLICATION_ATTRIBUTE = Application.class.getName();
    /** Context attribute through which the embedded server shares its JSON mapper with the application. */
    public static final String JSON_ATTRIBUTE = ObjectMapper.class.getName();
    /** A container-provided pool is used when this JNDI name resolves. */
    public static final String JNDI_DATASOURCE = "java:comp/env/jdbc/propertyhub";

    private static final Logger log = LoggerFactory.getLogger(AppContextListener.class);
    private Application application;
    /** True when deployed as a WAR: then this web application's class loader is ours to clean up. */
    private boolean deployedAsWar;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        deployedAsWar = !(context.getAttribute(CONFIG_ATTRIBUTE) instanceof AppConfig);
        AppConfig config = context.getAttribute(CONFIG_ATTRIBUTE) instanceof AppConfig given ? given
                : AppConfig.from(ConfigSource.firstOf(List.of(ConfigSource.standard(),
                        ConfigSource.from(context::getInitParameter))));
        ObjectMapper json = context.getAttribute(JSON_ATTRIBUTE) instanceof ObjectMapper shared ? shared
                : Json.newMapper();
        application = Application.start(config, containerDataSource(), json);
        context.setAttribute(APPLICATION_ATTRIBUTE, application);

        ServletRegistration.Dynamic api = context.addServlet("api", new ServletContainer(application.api()));
        api.setAsyncSupported(true);
        api.setLoadOnStartup(1);
        api.addMapping("/api/*");

        ServletRegistration.Dynamic events = context.addServlet("events", application.streamServlet());
        events.setAsyncSupported(true);
        events.addMapping("/api/events");

        context.addServlet("health", new HealthServlet(application.health(), application.json()))
                .addMapping("/health", "/health/*");
        context.addServlet("error", new ErrorServlet(application.json())).addMapping(ErrorServlet.PATH);
        context.addServlet("metrics", application.metricsServlet()).addMapping("/metrics");

        FilterRegistration.Dynamic headers = context.addFilter("security-headers",
                new SecurityHeadersFilter(java.util.Set.copyOf(config.corsOrigins())));
        headers.setAsyncSupported(true);
        headers.addMappingForUrlPatterns(null, false, "/*");

        FilterRegistration.Dynamic requests = context.addFilter("requests",
                new RequestLogFilter(application.metrics().registry()));
        requests.setAsyncSupported(true);
        requests.addMappingForUrlPatterns(null, false, "/*");

        FilterRegistration.Dynamic noTrace = context.addFilter("no-trace", new NoTraceFilter(application.json()));
        noTrace.setAsyncSupported(true);
        noTrace.addMappingForUrlPatterns(null, false, "/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (application != null) {
            application.close();
            application = null;
        }
        if (deployedAsWar) {
            deregisterJdbcDrivers();
            SLF4JBridgeHandler.uninstall();
        }
    }

    /** Drivers loaded by this web application must not outlive it (they would pin its class loader). */
    private static void deregisterJdbcDrivers() {
        ClassLoader ours = AppContextListener.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    log.warn("Cannot deregister JDBC driver {}: {}", driver, e.toString());
                }
            }
        }
    }

    private static DataSource containerDataSource() {
        try {
            Object found = new InitialContext().lookup(JNDI_DATASOURCE);
            if (found instanceof DataSource ds) {
                log.info("Using the container's data source {}", JNDI_DATASOURCE);
                return ds;
            }
        } catch (NamingException | RuntimeException e) {
            log.debug("No container data source at {}: {}", JNDI_DATASOURCE, e.toString());
        }
        return null;
    }
}
