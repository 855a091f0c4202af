/**
 * What every dashboard page does first: require a session (else back to the login), draw the header, start
 * the realtime connection and show its state, and return to the login, saying why, when the session ends here
 * or in another tab.
 */
import { fetchWithin, onUnauthorized } from './api.js';
import * as realtime from './realtime.js';
import {
  clearSession,
  dashboardFor,
  endReasonOfCode,
  endReasonOfStream,
  getSession,
  getToken,
  onSessionChange,
  roleLabel,
} from './session.js';
import { $, h, keepPageStill, replaceChildren, showConnection } from './ui.js';

/**
 * @param allowed roles that may see this page; others go to their own dashboard
 * @param tabs    the page's sections in the header: [[id, label]] link to #id (the tab's id is tab-<id>)
 * @returns the session, or null when the page is being left
 */
export function startPage({ allowed, tabs = [] }) {
  const session = getSession();
  if (!session) {
    location.replace('index.html');
    return null;
  }
  if (!allowed.includes(session.user.role)) {
    location.replace(dashboardFor(session.user.role));
    return null;
  }
  showHeader(session, tabs);

  onUnauthorized((error) => endSession(endReasonOfCode(error.code)));
  showConnection(realtime.getStatus(), realtime.getStatusReason());
  realtime.on('status', showConnection);
  keepPageStill($('#toasts'));
  const banner = offlineBanner();
  realtime.on('status', banner.show);
  banner.show(realtime.getStatus(), realtime.getStatusReason());
  realtime.on('auth:expired', ({ reason }) => endSession(endReasonOfStream(reason)));
  onSessionChange((next, reason) => {
    if (!next) {
      leave(reason);
    } else if (next.user.id !== session.user.id || next.user.role !== session.user.role) {
      location.reload(); // someone else signed in in another tab: show their dashboard
    } else if (next.token !== session.token) {
      session.token = next.token;
      realtime.initializeSocket(next.token);
    }
  });
  realtime.initializeSocket(session.token);
  return session;
}

/**
 * The header of every dashboard, drawn here only: the skip link, the brand (a link to the user's dashboard), the
 * page's section tabs, the connection indicator, who is signed in and Sign out, then the row of the toasts. The
 * page's empty `header.topbar` keeps the header's place until then.
 */
function showHeader(session, tabs) {
  const header = $('header.topbar') || h('header', { class: 'topbar' });
  replaceChildren(header,
    h('a', { class: 'brand', href: dashboardFor(session.user.role) },
      h('img', { src: 'img/favicon.svg', alt: '', width: 28, height: 28 }), h('span', { text: 'PropertyHub' })),
    tabs.length === 0 ? null : h('nav', { class: 'tabs', 'aria-label': 'Dashboard sections' },
      tabs.map(([id, label]) => h('a', { href: `#${id}`, id: `tab-${id}`, text: label }))),
    h('div', { class: 'topbar-end' },
      h('span', {
        id: 'connection', class: 'connection', dataset: { state: 'offline' }, role: 'status', 'aria-live': 'polite',
      }),
      h('span', { id: 'current-user', class: 'current-user' },
        h('span', { class: 'user-name', text: session.user.name, title: session.user.name }),
        h('span', { class: 'role-badge', text: roleLabel(session.user.role) })),
      h('button', { type: 'button', id: 'logout', class: 'button ghost', text: 'Sign out', on: { click: signOut } })));
  document.body.prepend(h('a', { class: 'skip-link', href: '#main', text: 'Skip to content' }), header,
    // Toasts: a row of their own under the header, never over the page (css/app.css).
    h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' }));
}

/**
 * A banner under the header while the connection is offline (not while it is only reconnecting): the page may
 * be out of date, and a button tries again at once instead of waiting out the backoff.
 */
function offlineBanner() {
  const text = h('span', { class: 'offline-text' });
  const el = h('div', { class: 'offline-banner', id: 'offline-banner', role: 'alert', hidden: true },
    text,
    h('button', { type: 'button', class: 'button secondary', id: 'offline-retry', text: 'Try again now',
      on: { click: () => realtime.reconnectNow() } }));
  $('.topbar')?.after(el);
  keepPageStill(el);
  return {
    show(status, reason) {
      const offline = status === 'offline';
      if (offline) {
        text.textContent = `You are offline${reason ? `: ${reason.replace(/\.$/, '')}` : ''}. `
          + 'Changes made elsewhere show once the connection is back; retrying.';
      }
      el.hidden = !offline;
    },
  };
}

/** How long signing out waits for the server to end the sessions before leaving anyway. */
const LOGOUT_DEADLINE_MS = 5000;

/**
 * Signs out of every tab at once (they see the session go), then asks the server to end the user's sessions
 * (POST api/auth/logout). Leaving does not depend on the server: a failure or an older server without that
 * endpoint still signs this browser out.
 */
export async function signOut() {
  const token = getToken();
  realtime.disconnectSocket();
  clearSession('signed-out');
  if (token) {
    try {
      await fetchWithin('api/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + token } },
        LOGOUT_DEADLINE_MS);
    } catch (e) {
      // Signed out here all the same; the token runs out by itself.
    }
  }
  location.assign('index.html?reason=signed-out');
}

/** The token is no longer accepted: back to the login, which says why, in every tab. */
function endSession(reason) {
  clearSession(reason);
  leave(reason);
}

function leave(reason) {
  realtime.disconnectSocket();
  location.replace('index.html?reason=' + encodeURIComponent(reason));
}
