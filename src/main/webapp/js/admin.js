/** The admin dashboard (SUPER_ADMIN, ADMIN, SUPPORT): customer management, user management and realtime figures. */
import { startActivity } from './activity.js';
import { startCustomers } from './admin-customers.js';
import { startRealtime } from './admin-realtime.js';
import { startUsers } from './admin-users.js';
import { startPresence } from './presence.js';
import { startPage } from './shell.js';
import { $ } from './ui.js';

const SECTIONS = {
  customers: 'Customer management',
  users: 'User management',
  realtime: 'Realtime',
};

const session = startPage({ allowed: ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'] });
let realtimePanel = null;
if (session) {
  startCustomers(session);
  startUsers(session);
  realtimePanel = startRealtime();
  startPresence(session);
  startActivity();
  showSection();
  window.addEventListener('hashchange', () => showSection(true));
}

/**
 * #customers (default), #users or #realtime. Customers and users stay live while hidden; the realtime figures
 * are polled only while their section is shown.
 */
function showSection(moveFocus = false) {
  const name = location.hash.slice(1);
  const current = Object.hasOwn(SECTIONS, name) ? name : 'customers';
  for (const section of Object.keys(SECTIONS)) {
    $(`#${section}-view`).hidden = section !== current;
    const tab = $(`#tab-${section}`);
    if (section === current) {
      tab.setAttribute('aria-current', 'page');
    } else {
      tab.removeAttribute('aria-current');
    }
  }
  document.title = SECTIONS[current] + ' · PropertyHub';
  realtimePanel.setShown(current === 'realtime');
  if (moveFocus) {
    $(`#${current}-title`).focus();
  }
}
