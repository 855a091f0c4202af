package com.propertyhub.openapi;

import com.propertyhub.customer.CustomerService;
import com.propertyhub.user.UserService;
import com.propertyhub.web.Paging;
import com.propertyhub.web.Sorting;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What holds for every operation of the API and so is said here once rather than on each method: which error
 * answers it can give (all with the contract's error body), whether it needs a token, who may call it, that a
 * returned value is a 200, and that the paging parameters are numbers.
 */
final class ApiConventions {
    /** The error answers, by status, as components.responses; an operation refers to those that apply to it. */
    private static final Map<String, String> ERRORS = errors();

    private final Schemas schemas;
    private final Set<String> openPaths;
    private final Map<String, List<String>> rolesByOperation;

    /** @param rolesByOperation the roles an operation allows, by operationId (absent: any signed-in user) */
    ApiConventions(Schemas schemas, Set<String> openPaths, Map<String, List<String>> rolesByOperation) {
        this.schemas = schemas;
        this.openPaths = openPaths;
        this.rolesByOperation = rolesByOperation;
    }

    private static Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Malformed JSON or a bad query or path parameter");
        errors.put("401", "Missing, invalid, expired or revoked token (WWW-Authenticate: Bearer)");
        errors.put("403", "Authenticated but not allowed (role, or a suspended customer's read-only mode)");
        errors.put("404", "Unknown id, or one the caller may not see");
        errors.put("409", "Conflict, such as a duplicate email");
        errors.put("413", "Body over 1 MiB");
        errors.put("415", "Body not application/json");
        errors.put("422", "Validation failed: one detail per field");
        errors.put("429", "Rate limited: Retry-After says when to try again");
        errors.put("503", "A dependency (the database) is down, or the node is shutting down");
        return errors;
    }

    void applyTo(OpenAPI doc) {
        Schema<?> error = schemas.error();
        ERRORS.forEach((status, description) -> {
            ApiResponse answer = new ApiResponse().description(description).content(Schemas.json(error));
            if (status.equals("429") || status.equals("503")) {
                answer.addHeaderObject("Retry-After", new Header().description("Seconds to wait")
                        .schema(Schemas.type("integer")));
            }
            doc.getComponents().addResponses(status, answer);
        });
        doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            boolean open = openPaths.contains(path.substring(OpenApiDocument.API_ROOT.length() + 1));
            if (open) {
                operation.setSecurity(List.of());
            }
            successIsOk(operation);
            pagingIsNumeric(operation);
            sortIsEnumerated(operation);
            describeRoles(operation, open);
            errorsOf(path, method, operation, open).forEach(status -> refer(operation, status));
        }));
    }

    /**
     * The resources read ?limit and ?offset as text, to answer a bad value with a 400 naming the parameter (Paging);
     * to a client they are whole numbers in Paging's bounds.
     */
    private static void pagingIsNumeric(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if ("query".equals(parameter.getIn()) && parameter.getName().equals("limit")) {
                parameter.schema(Schemas.type("integer").minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(Paging.MAX_LIMIT)));
            } else if ("query".equals(parameter.getIn()) && parameter.getName().equals("offset")) {
                parameter.schema(Schemas.type("integer").minimum(BigDecimal.ZERO));
            }
        }
    }

    /** The columns each list's {@code ?sort=} accepts (anything else is a 400), ascending or with a leading -. */
    private static final Map<String, Map<String, String>> SORTS = Map.of(
            "listCustomers", CustomerService.SORTS, "listUsers", UserService.SORTS);

    private static void sortIsEnumerated(Operation operation) {
        Map<String, String> columns = SORTS.get(operation.getOperationId());
        if (columns == null || operation.getParameters() == null) {
            return;
        }
        List<String> values = Sorting.values(columns);
        for (Parameter parameter : operation.getParameters()) {
            if ("query".equals(parameter.getIn()) && parameter.getName().equals("sort")) {
                parameter.description("One column, ascending, or descending with a leading -; default -createdAt")
                        .schema(new StringSchema()._enum(values));
            }
        }
    }

    /** Who may call it, as x-roles and in words: the roles are checked before anything else (403). */
    private void describeRoles(Operation operation, boolean open) {
        List<String> roles = rolesByOperation.get(operation.getOperationId());
        String who = open ? "Anyone, without a token." : roles == null ? "Any signed-in user."
                : "Roles: " + String.join(", ", roles) + " (others: 403).";
        if (roles != null) {
            operation.addExtension("x-roles", roles);
        }
        operation.setDescription(operation.getDescription() == null ? who : operation.getDescription() + " " + who);
    }

    /**
     * swagger-core files a method's return type under "default"; every such method answers 200 with it (the
     * others, which build their own answer, document it with @ApiResponse).
     */
    private static void successIsOk(Operation operation) {
        ApiResponses responses = operation.getResponses();
        if (responses != null && responses.containsKey("default")
                && responses.keySet().stream().noneMatch(status -> status.startsWith("2"))) {
            ApiResponse ok = responses.remove("default");
            ok.setDescription("OK");
            responses.addApiResponse("200", ok);
        }
    }

    /** The error answers an operation can give: decided by what it takes (parameters, a body) and its access. */
    private static List<String> errorsOf(String path, PathItem.HttpMethod method, Operation operation, boolean open) {
        boolean body = operation.getRequestBody() != null;
        boolean parameters = path.contains("{") || (operation.getParameters() != null
                && operation.getParameters().stream().map(Parameter::getIn).anyMatch("query"::equals));
        boolean write = method != PathItem.HttpMethod.GET;
        List<String> statuses = new ArrayList<>();
        if (body || parameters) {
            statuses.add("400");
        }
        if (!open) {
            statuses.addAll(List.of("401", "403"));
        }
        if (path.contains("{")) {
            statuses.add("404");
        }
        if (body && write) {
            statuses.addAll(List.of("409", "413", "415", "422"));
        }
        statuses.addAll(List.of("429", "503"));
        return statuses;
    }

    private static void refer(Operation operation, String status) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        if (!operation.getResponses().containsKey(status)) {
            operation.getResponses().addApiResponse(status, new ApiResponse().$ref("#/components/responses/" + status));
        }
    }
}
