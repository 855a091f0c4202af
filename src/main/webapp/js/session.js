/**
 * The signed-in user of this browser.
 *
 * The session (JWT, its expiry and the user) is kept in localStorage, shared by every tab of the origin: a new
 * tab, a bookmark or a pasted dashboard URL opens signed in, and the tabs share one event stream (realtime.js).
 * Ending it in one tab ends it in all: the others see the `storage` event, and read why it ended from
 * END_KEY (signed out, expired, re-roled, revoked) to say so on the login page.
 *
 * localStorage can be read by any script running on the origin. The defence is that no foreign script runs:
 * every server text reaches the page as text (ui.js), and the server's Content-Security-Policy allows no inline
 * or foreign script. What a stolen token is worth is bounded by its short lifetime (JWT_TTL) and by server-side
 * revocation (sign-out, deactivation, a role change end it at once). An HttpOnly cookie would hide the token from
 * script, but would make every write cookie-authenticated and need CSRF protection; bearer tokens keep the API
 * the same for the dashboards, API clients and curl.
 */

const KEY = 'propertyhub.session';
/** Why the last session ended: {reason, at}; written just before the session is removed. */
const END_KEY = 'propertyhub.session-ended';

/** What the login page says about each way a session ends. */
export const END_MESSAGES = Object.freeze({
  expired: 'Your session expired. Please sign in again.',
  role: 'Your role was changed: please sign in again.',
  revoked: 'Your session was ended by the server: please sign in again.',
  elsewhere: 'You signed out in another tab.',
  'signed-out': 'You signed out.',
});

/** How every page names a role (codes such as SUPER_ADMIN never show). */
export const ROLE_LABELS = Object.freeze({
  SUPER_ADMIN: 'Super admin',
  ADMIN: 'Admin',
  SUPPORT: 'Support',
  OWNER: 'Owner',
  MANAGER: 'Manager',
  TENANT: 'Tenant',
});

const ADMIN_ROLES = ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'];

export function saveSession(login) {
  const session = { token: login.token, expiresAt: login.expiresAt, user: login.user };
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The session, or null when there is none or its token has expired. */
export function getSession() {
  let session;
  try {
    session = JSON.parse(localStorage.getItem(KEY));
  } catch (e) {
    session = null;
  }
  if (!session || !session.token || !session.user) {
    return null;
  }
  if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
    clearSession('expired');
    return null;
  }
  return session;
}

export function getToken() {
  const session = getSession();
  return session ? session.token : null;
}

/** Ends the session in every tab; `reason` is a key of END_MESSAGES. */
export function clearSession(reason = 'signed-out') {
  if (localStorage.getItem(KEY) !== null) {
    localStorage.setItem(END_KEY, JSON.stringify({ reason, at: Date.now() }));
    localStorage.removeItem(KEY);
  }
}

/**
 * Calls `handler(session, endReason)` when another tab changes the session: a new one (signed in again, maybe
 * as someone else) or none, with why it ended as this tab should say it ('elsewhere' for a sign-out there).
 */
export function onSessionChange(handler) {
  window.addEventListener('storage', (e) => {
    if (e.key !== KEY && e.key !== null) {
      return; // null: the whole storage was cleared
    }
    const session = getSession();
    if (session) {
      handler(session, null);
      return;
    }
    let ended;
    try {
      ended = JSON.parse(localStorage.getItem(END_KEY));
    } catch (err) {
      ended = null;
    }
    const reason = ended && END_MESSAGES[ended.reason] ? ended.reason : 'signed-out';
    handler(null, reason === 'signed-out' ? 'elsewhere' : reason);
  });
}

/** The END_MESSAGES key for a 401's error code. */
export function endReasonOfCode(code) {
  return code === 'token_expired' ? 'expired' : code === 'token_outdated' ? 'role' : 'revoked';
}

/** The END_MESSAGES key for the reason of the stream's auth:expired. */
export function endReasonOfStream(reason) {
  return reason === 'token expired' ? 'expired' : reason === 'role changed' ? 'role' : 'revoked';
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
