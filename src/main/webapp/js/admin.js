/** The admin dashboard (SUPER_ADMIN, ADMIN, SUPPORT): customer management, user management and realtime figures. */
import { startCustomers } from './admin-customers.js';
import { startRealtime } from './admin-realtime.js';
import { startUsers } from './admin-users.js';
import { startLivePanels } from './live-panels.js';
import { startNotifications } from './notifications.js';
import { startPage } from './shell.js';
import { $ } from './ui.js';

/** The sections: their tab in the header and the page's title while shown. */
const SECTIONS = {
  customers: { tab: 'Customers', title: 'Customer management' },
  users: { tab: 'Users', title: 'User management' },
  realtime: { tab: 'Realtime', title: 'Realtime' },
};

const session = startPage({
  allowed: ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  tabs: Object.entries(SECTIONS).map(([id, { tab }]) => [id, tab]),
});
let realtimePanel = null;
if (session) {
  startCustomers(session);
  startUsers(session);
  realtimePanel = startRealtime();
  startLivePanels(session);
  startNotifications(session);
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
  document.title = `${SECTIONS[current].title} · PropertyHub`;
  realtimePanel.setShown(current === 'realtime');
  if (moveFocus) {
    $(`#${current}-title`).focus();
  }
}
