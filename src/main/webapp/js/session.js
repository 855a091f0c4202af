/**
 * The signed-in user of this tab.
 *
 * The session (JWT, its expiry and the user) is kept in sessionStorage, not localStorage: it belongs to one
 * tab, so two tabs can be signed in as different people (an admin beside an owner, as support staff and the
 * realtime test scenarios do), it is gone when the tab closes, and signing out in one tab does not log
 * another out by surprise. Script injection could read either storage; escaping every server text and the
 * Content-Security-Policy (no inline script) are the defence against that.
 */

const KEY = 'propertyhub.session';

export const ROLE_LABELS = Object.freeze({
  SUPER_ADMIN: 'Super Admin',
  ADMIN: 'Admin',
  SUPPORT: 'Support',
  OWNER: 'Owner',
  MANAGER: 'Manager',
  TENANT: 'Tenant',
});

const ADMIN_ROLES = ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'];

export function saveSession(login) {
  const session = { token: login.token, expiresAt: login.expiresAt, user: login.user };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The session, or null when there is none or its token has expired. */
export function getSession() {
  let session;
  try {
    session = JSON.parse(sessionStorage.getItem(KEY));
  } catch (e) {
    session = null;
  }
  if (!session || !session.token || !session.user) {
    return null;
  }
  if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
    clearSession();
    return null;
  }
  return session;
}

export function getToken() {
  const session = getSession();
  return session ? session.token : null;
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

export function isAdminRole(role) {
  return ADMIN_ROLES.includes(role);
}

/** SUPER_ADMIN and ADMIN create, edit and delete customers; SUPPORT only reads. */
export function canWriteCustomers(role) {
  return role === 'SUPER_ADMIN' || role === 'ADMIN';
}

/** Only SUPER_ADMIN manages internal staff. */
export function canWriteUsers(role) {
  return role === 'SUPER_ADMIN';
}

/** The page a role lands on after signing in (relative: the app may live under a context path). */
export function dashboardFor(role) {
  return isAdminRole(role) ? 'admin.html' : 'account.html';
}

export function roleLabel(role) {
  return ROLE_LABELS[role] || role || '';
}
