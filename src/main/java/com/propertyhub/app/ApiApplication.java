package com.propertyhub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.auth.AuthFilter;
import com.propertyhub.openapi.OpenApiDocument;
import com.propertyhub.openapi.OpenApiResource;
import com.propertyhub.ops.MatchedRoute;
import com.propertyhub.web.ApiExceptionMapper;
import com.propertyhub.web.BodySizeLimit;
import com.propertyhub.web.JsonExceptionMapper;
import com.propertyhub.web.ObjectMapperResolver;
import com.propertyhub.web.UnexpectedExceptionMapper;
import com.propertyhub.web.WebApplicationExceptionMapper;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** The Jersey application: our resource instances, JSON, role checks, error mapping and its OpenAPI description. */
final class ApiApplication {
    private ApiApplication() {
    }

    static ResourceConfig of(List<Object> resourcesAndFilters, ObjectMapper json) {
        ResourceConfig config = new ResourceConfig();
        resourcesAndFilters.forEach(config::register);
        Set<Class<?>> resources = resourcesAndFilters.stream().map(Object::getClass)
                .filter(type -> type.isAnnotationPresent(Path.class)).collect(Collectors.toSet());
        config.register(new OpenApiResource(new OpenApiDocument(resources, AuthFilter.OPEN_PATHS)));
        config.register(JacksonFeature.withoutExceptionMappers());
        config.register(new ObjectMapperResolver(json));
        config.register(RolesAllowedDynamicFeature.class);
        config.register(new BodySizeLimit());
        config.register(new MatchedRoute());
        config.register(new ApiExceptionMapper());
        config.register(new JsonExceptionMapper());
        config.register(new WebApplicationExceptionMapper());
        config.register(new UnexpectedExceptionMapper());
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // Error answers carry our JSON body; never let the container replace it with an HTML page.
        config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        return config;
    }
}
