/** The admin dashboard (SUPER_ADMIN, ADMIN, SUPPORT): customer management and user management. */
import { startCustomers } from './admin-customers.js';
import { startUsers } from './admin-users.js';
import { startPage } from './shell.js';
import { $ } from './ui.js';

const session = startPage({ allowed: ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'] });
if (session) {
  startCustomers(session);
  startUsers(session);
  showSection();
  window.addEventListener('hashchange', () => showSection(true));
}

/** #customers (default) or #users; both sections stay live while hidden. */
function showSection(moveFocus = false) {
  const current = location.hash === '#users' ? 'users' : 'customers';
  for (const name of ['customers', 'users']) {
    $(`#${name}-view`).hidden = name !== current;
    const tab = $(`#tab-${name}`);
    if (name === current) {
      tab.setAttribute('aria-current', 'page');
    } else {
      tab.removeAttribute('aria-current');
    }
  }
  document.title = (current === 'users' ? 'User management' : 'Customer management') + ' · PropertyHub';
  if (moveFocus) {
    $(`#${current}-title`).focus();
  }
}
