package com.propertyhub.openapi;

import com.propertyhub.identity.Role;
import com.propertyhub.health.Health;
import com.propertyhub.web.ApiError;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI 3.1 description of the API: read by swagger-core from the JAX-RS resources and their annotations,
 * then completed with what the annotations cannot say once for all operations ({@link ApiConventions}: the error
 * answers, which operations are open), the servlet endpoints that are not JAX-RS ({@link ServletEndpoints}) and
 * the event catalog ({@link EventDocumentation}). Built on first request (it costs a few hundred milliseconds, which
 * a node start need not pay) and kept: it changes only with the code.
 */
public final class OpenApiDocument {
    /** Where the Jersey application is mapped (AppContextListener); resource paths are relative to it. */
    public static final String API_ROOT = "/api";
    public static final String BEARER = "bearer";

    private final Set<Class<?>> resources;
    private final Set<String> openPaths;
    private String rendered;
    private String renderedFor;

    /**
     * @param resources the JAX-RS resource classes registered in the application
     * @param openPaths the paths, relative to {@link #API_ROOT}, that need no token
     */
    public OpenApiDocument(Set<Class<?>> resources, Set<String> openPaths) {
        this.resources = new LinkedHashSet<>(resources);
        this.resources.add(OpenApiResource.class);
        this.openPaths = Set.copyOf(openPaths);
    }

    /** The document as JSON, its server URL being {@code contextPath} (the WAR's context path, or the root). */
    public synchronized String json(String contextPath) {
        if (rendered == null || !contextPath.equals(renderedFor)) {
            rendered = Json31.pretty(build(contextPath));
            renderedFor = contextPath;
        }
        return rendered;
    }

    /** The document as the model swagger-core reads it. */
    public OpenAPI build(String contextPath) {
        OpenAPI base = new OpenAPI(SpecVersion.V31)
                .openapi("3.1.0")
                .info(new Info().title("PropertyHub Realtime API").version("1")
                        .description("REST API and server-sent events of PropertyHub Realtime. Every error answer has "
                                + "the body {\"error\":{\"code\",\"message\",\"details\"}}. The events of "
                                + "GET /api/events are listed under x-events."))
                .servers(List.of(new Server().url(contextPath.isEmpty() ? "/" : contextPath)))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("A token from POST /api/auth/login, as Authorization: Bearer <token>")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
        SwaggerConfiguration config = new SwaggerConfiguration().openAPI(base).openAPI31(true).sortOutput(true);
        OpenAPI doc = new Reader(config).read(resources);
        Paths under = new Paths();
        doc.getPaths().forEach((path, item) -> under.addPathItem(API_ROOT + path, item));
        doc.setPaths(under);
        Schemas schemas = new Schemas(doc);
        new ApiConventions(schemas, openPaths, rolesByOperation()).applyTo(doc);
        ServletEndpoints.addTo(doc, schemas);
        EventDocumentation.addTo(doc, schemas);
        schemas.applyShapes(AnswerShapes.of(answerTypes()));
        return doc;
    }

    /**
     * The roles each operation allows, as its @RolesAllowed says (method over class; ADMINS is the three
     * internal roles). An operation absent here is open to any signed-in user.
     */
    private Map<String, List<String>> rolesByOperation() {
        Map<String, List<String>> roles = new HashMap<>();
        for (Class<?> resource : resources) {
            for (Method method : resource.getMethods()) {
                Operation operation = method.getAnnotation(Operation.class);
                RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class)
                        ? method.getAnnotation(RolesAllowed.class) : resource.getAnnotation(RolesAllowed.class);
                if (operation == null || allowed == null || method.isAnnotationPresent(PermitAll.class)) {
                    continue;
                }
                List<String> expanded = new ArrayList<>();
                for (String role : allowed.value()) {
                    if (role.equals(Role.Names.ADMINS)) {
                        Role.INTERNAL.forEach(internal -> expanded.add(internal.name()));
                    } else {
                        expanded.add(role);
                    }
                }
                roles.put(operation.operationId(), expanded);
            }
        }
        return roles;
    }

    /** The types the API answers with: the resource methods' and their documented answers', the events' data. */
    private List<Type> answerTypes() {
        List<Type> types = new ArrayList<>(List.of(ApiError.class, Health.Report.class));
        for (Class<?> resource : resources) {
            for (Method method : resource.getMethods()) {
                types.add(method.getGenericReturnType());
                Operation operation = method.getAnnotation(Operation.class);
                if (operation != null) {
                    for (ApiResponse answer : operation.responses()) {
                        for (Content content : answer.content()) {
                            types.add(content.schema().implementation());
                        }
                    }
                }
            }
        }
        for (EventCatalog event : EventCatalog.values()) {
            event.payload().forEach(field -> types.add(field.type()));
        }
        return types;
    }
}
