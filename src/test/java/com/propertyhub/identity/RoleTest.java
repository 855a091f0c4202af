package com.propertyhub.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The names {@code @RolesAllowed} takes are exactly the roles' own names, plus the ADMINS group. */
class RoleTest {

    @Test
    void theAnnotationNamesAreTheRolesNamesAndTheAdminsGroup() throws IllegalAccessException {
        Map<String, Object> names = new TreeMap<>();
        for (Field f : Role.Names.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                names.put(f.getName(), f.get(null));
            }
        }
        Map<String, Object> expected = Arrays.stream(Role.values())
                .collect(Collectors.toMap(Role::name, Role::name, (a, b) -> a, TreeMap::new));
        expected.put("ADMINS", "ADMINS");
        assertEquals(expected, names);
    }

    @Test
    void theAdminsGroupHoldsTheInternalRolesOnly() {
        for (Role role : Role.values()) {
            AuthUser user = new AuthUser(UUID.randomUUID(), role, null, Instant.now(), 0);
            assertEquals(role.isInternal(), user.hasRole(Role.Names.ADMINS), role::name);
            assertEquals(true, user.hasRole(role.name()), role::name);
        }
    }
}
