package com.propertyhub.auth;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.persistence.Emails;
import com.propertyhub.persistence.Transactions;
import com.propertyhub.user.PasswordHasher;
import com.propertyhub.user.User;
import com.propertyhub.user.UserFields;
import com.propertyhub.user.UserSessions;
import com.propertyhub.user.UserView;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.BucketStore;
import com.propertyhub.web.KeyedRateLimiter;
import java.time.Duration;

/**
 * Checks credentials and issues tokens. A wrong email and a wrong password get the same answer in the same
 * time (CWE-204, CWE-208). Failures are limited per account and attempts per client address (CWE-307).
 * An attempt takes its account's token before the password is checked, in one atomic bucket operation, so
 * parallel guesses cannot all pass while each other's password checks run; a correct password gives the
 * account its tokens back.
 */
public final class LoginService {
    private final Transactions tx;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final ActiveUsers activeUsers;
    private final KeyedRateLimiter failuresPerAccount;
    private final KeyedRateLimiter attemptsPerAddress;

    public LoginService(Transactions tx, PasswordHasher hasher, TokenService tokens, ActiveUsers activeUsers,
                        int maxFailures, Duration window, BucketStore buckets) {
        this.tx = tx;
        this.hasher = hasher;
        this.tokens = tokens;
        this.activeUsers = activeUsers;
        this.failuresPerAccount = new KeyedRateLimiter("login-failures", maxFailures, window,
                "Too many failed logins for this account; try again later", buckets);
        this.attemptsPerAddress = new KeyedRateLimiter("login-attempts", maxFailures * 10L, window,
                "Too many login attempts from this address; try again later", buckets);
    }

    public LoginResponse login(LoginRequest request, String clientAddress) {
        String email = Emails.normalize(request.email());
        attemptsPerAddress.acquire(clientAddress);
        failuresPerAccount.acquire(email);
        User user = tx.read(em -> UserFields.findByEmail(em, email));
        if (user == null) {
            hasher.matchDecoy(request.password());
            throw failed();
        }
        if (!hasher.matches(request.password(), user.getPasswordHash())) {
            throw failed();
        }
        failuresPerAccount.reset(email);
        if (!user.isActive()) {
            throw ApiException.forbidden("This account is deactivated");
        }
        IssuedToken token = tokens.issue(user.getId(), user.getRole(), user.getCustomerId(), user.getTokenVersion());
        return new LoginResponse(token.token(), token.expiresAt(), UserView.of(user));
    }

    /** The current user as stored now (it may have changed since the token was issued). */
    public UserView me(AuthUser caller) {
        return tx.read(em -> {
            User u = em.find(User.class, caller.id());
            if (u == null || !u.isActive()) {
                throw ApiException.unauthorized("invalid_token", "The token's user no longer exists or is deactivated");
            }
            return UserView.of(u);
        });
    }

    /**
     * Signs the caller out everywhere: every token of theirs issued until now stops working (on this node at
     * once, elsewhere within {@link ActiveUsers#FRESHNESS}), and their open streams end with auth:expired. Tokens
     * are bearer tokens the server keeps no list of, so one session cannot be ended without the others.
     */
    public void logout(AuthUser caller) {
        int version = tx.write(unit -> UserSessions.end(unit, caller.id()));
        activeUsers.sessionsEnded(caller.id(), version);
    }

    /** The failure's token was taken before the check. */
    private static ApiException failed() {
        return ApiException.unauthorized("invalid_credentials", "Email or password is incorrect");
    }
}
