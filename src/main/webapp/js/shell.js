/**
 * What every dashboard page does first: require a session (else back to the login), fill the header, start
 * the tab's realtime connection and show its state, and return to the login when the session ends.
 */
import { onUnauthorized } from './api.js';
import * as realtime from './realtime.js';
import { clearSession, dashboardFor, getSession, getToken, roleLabel } from './session.js';
import { $, h, replaceChildren, showConnection } from './ui.js';

/**
 * @param allowed roles that may see this page; others go to their own dashboard
 * @returns the session, or null when the page is being left
 */
export function startPage({ allowed }) {
  const session = getSession();
  if (!session) {
    location.replace('index.html');
    return null;
  }
  if (!allowed.includes(session.user.role)) {
    location.replace(dashboardFor(session.user.role));
    return null;
  }
  const user = $('#current-user');
  if (user) {
    replaceChildren(user, h('span', { class: 'user-name', text: session.user.name }),
      h('span', { class: 'role-badge', text: roleLabel(session.user.role) }));
  }
  $('#logout')?.addEventListener('click', signOut);

  onUnauthorized(() => endSession());
  showConnection(realtime.getStatus());
  realtime.on('status', showConnection);
  realtime.on('auth:expired', () => endSession());
  realtime.initializeSocket(session.token);
  return session;
}

/**
 * Ends the session on the server too (POST api/auth/logout): the token stops working at once, and so do the
 * user's other sessions (tabs, devices), which the server cannot tell apart. Signing out never fails here: an
 * unreachable server or a token it no longer takes still leaves this tab signed out.
 */
export async function signOut() {
  const token = getToken();
  realtime.disconnectSocket();
  clearSession();
  if (token) {
    try {
      await fetch('api/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', keepalive: true });
    } catch {
      // signed out here all the same
    }
  }
  location.assign('index.html');
}

/** The token is no longer accepted: back to the login, which says why. */
function endSession() {
  realtime.disconnectSocket();
  clearSession();
  location.replace('index.html?expired=1');
}
