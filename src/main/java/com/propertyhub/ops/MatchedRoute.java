package com.propertyhub.ops;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Hands the route template Jersey matched ({@code /customers/{id}}) to {@link RequestLogFilter} through a request
 * attribute, so the request timer is tagged by route rather than by whatever path a client sent. A request that
 * matched no resource leaves it unset.
 */
public final class MatchedRoute implements ContainerResponseFilter {
    /** The matched template relative to the API servlet, e.g. {@code /customers/{id}}. */
    public static final String ATTRIBUTE = MatchedRoute.class.getName();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo uri)) {
            return;
        }
        List<UriTemplate> matched = uri.getMatchedTemplates();
        if (matched.isEmpty()) {
            return;
        }
        // Innermost first (method, then resource): joined outermost first.
        StringBuilder route = new StringBuilder();
        for (int i = matched.size() - 1; i >= 0; i--) {
            String part = matched.get(i).getTemplate();
            if (part.isEmpty() || part.equals("/")) {
                continue;
            }
            if (!part.startsWith("/")) {
                route.append('/');
            }
            route.append(part.endsWith("/") ? part.substring(0, part.length() - 1) : part);
        }
        request.setProperty(ATTRIBUTE, route.toString());
    }
}
