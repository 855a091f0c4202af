package com.propertyhub.app;

import com.propertyhub.account.CustomerUserService;
import com.propertyhub.customer.CustomerInput;
import com.propertyhub.customer.CustomerService;
import com.propertyhub.customer.CustomerStatus;
import com.propertyhub.identity.Role;
import com.propertyhub.persistence.Times;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.property.Property;
import com.propertyhub.user.User;
import com.propertyhub.user.UserFields;
import com.propertyhub.user.UserInput;
import com.propertyhub.user.UserService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start data: the bootstrap SUPER_ADMIN ({@code BOOTSTRAP_ADMIN_EMAIL}) and, with {@code DEMO_DATA},
 * a few customers with owner, manager and tenant logins plus internal staff, all through the normal services.
 * Nothing is loaded into a database that already has users.
 */
final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final String PASSWORD = "demo1234";

    record Login(String email, Role role, String customer) {
    }

    private final Transactions tx;
    private final CustomerService customers;
    private final UserService users;
    private final CustomerUserService customerUsers;
    private final AppConfig config;

    DemoData(Transactions tx, CustomerService customers, UserService users, CustomerUserService customerUsers,
             AppConfig config) {
        this.tx = tx;
        this.customers = customers;
        this.users = users;
        this.customerUsers = customerUsers;
        this.config = config;
    }

    /** Loads what applies; returns the demo logins when demo data is present. */
    List<Login> load() {
        boolean empty = tx.read(em -> em.createQuery("select count(u) from User u", Long.class).getSingleResult()) == 0;
        if (empty && config.bootstrapAdminEmail() != null) {
            users.create(null, new UserInput("Administrator", config.bootstrapAdminEmail(),
                    config.bootstrapAdminPassword(),
                    Role.SUPER_ADMIN, "Operations", "PropertyHub", List.of("*"), true));
            log.info("Created the first SUPER_ADMIN {}", config.bootstrapAdminEmail());
        }
        if (!config.demoData()) {
            return List.of();
        }
        if (empty) {
            loadDemo();
        }
        return tx.read(em -> UserFields.findByEmail(em, "superadmin@propertyhub.local") == null) ? List.of() : logins();
    }

    private void loadDemo() {
        staff("Sam Super", "superadmin@propertyhub.local", Role.SUPER_ADMIN, "Operations");
        staff("Ada Admin", "admin@propertyhub.local", Role.ADMIN, "Operations");
        staff("Sid Support", "support@propertyhub.local", Role.SUPPORT, "Customer Success");
        customer("Sunset Properties", "Olivia Owner", "sunset", "Professional", "199.00", CustomerStatus.ACTIVE,
                List.of("Sunset Towers", "Sunset Gardens"));
        customer("Harbor View Rentals", "Hank Harbor", "harbor", "Starter", "49.00", CustomerStatus.TRIAL,
                List.of("Harbor Lofts"));
        customer("Maple Court Homes", "Mia Maple", "maple", "Enterprise", "499.00", CustomerStatus.ACTIVE,
                List.of("Maple Court A", "Maple Court B", "Maple Court C"));
        log.info("Loaded demo data");
    }

    private void staff(String name, String email, Role role, String department) {
        users.create(null, new UserInput(name, email, PASSWORD, role, department, "PropertyHub", List.of(), true));
    }

    private void customer(String company, String owner, String slug, String plan, String price, CustomerStatus status,
                          List<String> properties) {
        // One transaction per customer: the feed starts with one "added" line per customer, not one "updated" per
        // user and property.
        CustomerInput input = new CustomerInput(company, owner, "contact@" + slug + ".example", "+1 555 0100", status,
                new CustomerInput.PlanInput(plan, new BigDecimal(price)));
        customers.create(null, input, (em, c) -> {
            customerUsers.insert(em, c, person(owner, "owner@" + slug + ".example", Role.OWNER));
            customerUsers.insert(em, c, person("Manager of " + company, "manager@" + slug + ".example", Role.MANAGER));
            User tenant = customerUsers.insert(em, c, person("Tenant of " + company, "tenant@" + slug + ".example",
                    Role.TENANT));
            List<Property> added = properties.stream()
                    .map(name -> new Property(UUID.randomUUID(), c.getId(), name, "1 " + name + " Way", 12,
                            Times.now()))
                    .toList();
            added.forEach(em::persist);
            em.flush();
            // The demo tenant rents the first property.
            tenant.setPropertyId(added.get(0).getId());
        });
    }

    private static UserInput person(String name, String email, Role role) {
        return new UserInput(name, email, PASSWORD, role, null, null, List.of(), true);
    }

    private static List<Login> logins() {
        List<Login> logins = new ArrayList<>(List.of(
                new Login("superadmin@propertyhub.local", Role.SUPER_ADMIN, null),
                new Login("admin@propertyhub.local", Role.ADMIN, null),
                new Login("support@propertyhub.local", Role.SUPPORT, null)));
        for (String[] c : new String[][] {{"sunset", "Sunset Properties"}, {"harbor", "Harbor View Rentals"},
                {"maple", "Maple Court Homes"}}) {
            logins.add(new Login("owner@" + c[0] + ".example", Role.OWNER, c[1]));
            logins.add(new Login("manager@" + c[0] + ".example", Role.MANAGER, c[1]));
            logins.add(new Login("tenant@" + c[0] + ".example", Role.TENANT, c[1]));
        }
        return logins;
    }
}
