package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoomsTest {
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID CUSTOMER = UUID.fromString("00000000-0000-0000-0000-0000000000c1");

    @Test
    void adminsJoinTheirUserRoomAndAdmins() {
        for (Role role : List.of(Role.SUPER_ADMIN, Role.ADMIN, Role.SUPPORT)) {
            assertEquals(List.of("user:" + USER, "admins", "*"),
                    Rooms.of(new AuthUser(USER, role, null, Instant.MAX, 0), 0));
        }
    }

    @Test
    void customerSideUsersJoinTheirCustomerAndRoleRoomOnly() {
        assertEquals(List.of("user:" + USER, "customer:" + CUSTOMER, "owners", "*"),
                Rooms.of(new AuthUser(USER, Role.OWNER, CUSTOMER, Instant.MAX, 0), 0));
        assertEquals(List.of("user:" + USER, "customer:" + CUSTOMER, "managers", "*"),
                Rooms.of(new AuthUser(USER, Role.MANAGER, CUSTOMER, Instant.MAX, 0), 0));
        assertEquals(List.of("user:" + USER, "customer:" + CUSTOMER, "tenants", "*"),
                Rooms.of(new AuthUser(USER, Role.TENANT, CUSTOMER, Instant.MAX, 0), 0));
    }

    @Test
    void aRoleChangeGivesTheUserANewPrivateRoom() {
        AuthUser tenant = new AuthUser(USER, Role.TENANT, CUSTOMER, Instant.MAX, 0);
        assertEquals("user:" + USER + ".1", Rooms.of(tenant, 1).get(0));
        assertEquals(List.of("user:" + USER, "user:" + USER + ".1", "user:" + USER + ".2"),
                List.of(Rooms.user(USER, 0), Rooms.user(USER, 1), Rooms.user(USER, 2)));
        assertTrue(Rooms.isValid(Rooms.user(USER, 12)));
    }

    @Test
    void roomNamesAreChecked() {
        assertTrue(Rooms.isValid("customer:" + CUSTOMER));
        assertTrue(Rooms.isValid("*"));
        assertFalse(Rooms.isValid("admins\n"));
        assertFalse(Rooms.isValid("a b"));
        assertFalse(Rooms.isValid(null));
    }
}
