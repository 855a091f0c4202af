package com.propertyhub.auth;

import com.propertyhub.customer.Customer;
import com.propertyhub.customer.CustomerStatus;
import com.propertyhub.identity.AllowedWhileReadOnly;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.web.ApiException;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * The users of a customer whose status does not allow writes (suspended or cancelled, see
 * {@link CustomerStatus#allowsWrites}) keep reading everything they could, and every write they call is refused
 * with 403 {@code customer_suspended} / {@code customer_cancelled}. One rule for the whole API: every resource
 * method whose HTTP method is not GET, HEAD or OPTIONS is checked unless it is {@link AllowedWhileReadOnly}, so a
 * new write endpoint is covered without anyone remembering to. Admins belong to no customer and are never
 * affected. The status is read from the database on each such write, so a suspension holds from the next request.
 */
public final class ReadOnlyCustomers implements DynamicFeature {
    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Transactions tx;

    public ReadOnlyCustomers(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        if (isWrite(method) && !method.isAnnotationPresent(AllowedWhileReadOnly.class)
                && !resource.getResourceClass().isAnnotationPresent(AllowedWhileReadOnly.class)) {
            // After the role checks (Priorities.AUTHORIZATION): a caller refused by role still gets 403 forbidden.
            context.register(new WriteCheck(), Priorities.AUTHORIZATION + 10);
        }
    }

    private final class WriteCheck implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            requireWritable(request);
        }
    }

    private void requireWritable(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof AuthUser caller)
                || caller.customerId() == null) {
            return;
        }
        CustomerStatus status = tx.read(em -> {
            Customer c = em.find(Customer.class, caller.customerId());
            return c == null ? null : c.getStatus();
        });
        if (status != null && !status.allowsWrites()) {
            throw new ApiException(403, "customer_" + status.wire(), "Your customer account is " + status.wire()
                    + ": you can read, but not change anything; contact PropertyHub to reactivate it");
        }
    }

    private static boolean isWrite(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null && !READS.contains(http.value())) {
                return true;
            }
        }
        return false;
    }
}
