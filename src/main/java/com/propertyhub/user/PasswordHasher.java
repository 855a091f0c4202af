package com.propertyhub.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.propertyhub.web.ApiException;
import java.nio.charset.StandardCharsets;

/** bcrypt password hashes (salted and slow by design). Plain passwords are never stored or logged. */
public final class PasswordHasher {
    /** bcrypt reads at most 72 bytes of a password; longer ones are refused rather than silently cut. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    /** A real hash of a random password, verified against when the email is unknown, so timing tells nothing. */
    private final String decoy;

    public PasswordHasher(int cost) {
        this.cost = cost;
        this.decoy = BCrypt.withDefaults().hashToString(cost, java.util.UUID.randomUUID().toString().toCharArray());
    }

    public String hash(String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ApiException.validation("password", "must be at most " + MAX_BYTES + " bytes");
        }
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }

    /** Spends the same time as a real check, for a login whose email does not exist. */
    public void matchDecoy(String password) {
        matches(password, decoy);
    }
}
