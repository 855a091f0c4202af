package com.propertyhub.app;

import com.propertyhub.health.HealthServlet;
import com.propertyhub.web.ErrorServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
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
    /** A container-provided pool is used when this JNDI name resolves. */
    public static final String JNDI_DATASOURCE = "java:comp/env/jdbc/propertyhub";

    private static final Logger log = LoggerFactory.getLogger(AppContextListener.class);
    private Application application;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        AppConfig config = context.getAttribute(CONFIG_ATTRIBUTE) instanceof AppConfig given ? given
                : AppConfig.from(ConfigSource.firstOf(List.of(ConfigSource.standard(),
                        ConfigSource.from(context::getInitParameter))));
        application = Application.start(config, containerDataSource());
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
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (application != null) {
            application.close();
            application = null;
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
