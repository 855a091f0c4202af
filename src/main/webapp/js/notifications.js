/**
 * The notification bell, on every dashboard page: the signed-in user's unread count and their latest
 * notifications (GET api/notifications), kept current by the `notification` and `notification:read` events.
 * Started by the page once its header and sections are there; it adds the bell to the header by itself. A
 * tenant's page also lists them as a section of its own ("Your notifications"), in place of the activity feed.
 */
import { get, post } from './api.js';
import { loadWhenLive, on } from './realtime.js';
import { $, appLink, formatDate, h, replaceChildren } from './ui.js';

const LIST_LIMIT = 20;

export function startNotifications(session) {
  const onPage = session.user.role === 'TENANT';
  let items = [];
  let unread = 0;

  const count = h('span', { class: 'bell-count', id: 'notifications-unread', hidden: true, text: '0' });
  const button = h('button', {
    type: 'button', class: 'button ghost bell', id: 'notifications-bell', 'aria-expanded': 'false',
    'aria-controls': 'notifications-panel', 'aria-label': 'Notifications',
  }, h('img', { src: 'img/bell.svg', alt: '', width: 20, height: 20 }), count);
  const list = h('ul', { class: 'notification-list', id: 'notifications-list' });
  const readAll = h('button', {
    type: 'button', class: 'button ghost', id: 'notifications-read-all', text: 'Mark all read',
  });
  const head = h('div', { class: 'notification-head' }, h('h2', { text: 'Notifications' }), readAll);
  const panel = h('div', {
    class: 'notification-panel', id: 'notifications-panel', hidden: true, role: 'region', 'aria-label': 'Notifications',
  }, head, list);
  const end = $('.topbar-end');
  end?.prepend(h('div', { class: 'bell-wrap' }, button, panel));
  const pageList = onPage ? h('ul', { class: 'notification-list card', id: 'notifications-page-list' }) : null;
  if (pageList) {
    const title = h('h2', { id: 'notifications-view-title', class: 'section-title', text: 'Your notifications' });
    $('#main')?.append(h('section', {
      class: 'view', id: 'notifications-view', 'aria-labelledby': 'notifications-view-title',
    }, title, pageList));
  }

  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
    }
  });
  readAll.addEventListener('click', async () => {
    try {
      await post('api/notifications/read-all', {});
      items = items.map((n) => ({ ...n, read: true }));
      setUnread(0);
      render();
    } catch {
      // the bell stays as it is; the next event or reload corrects it
    }
  });

  async function load() {
    try {
      const page = await get(`api/notifications?limit=${LIST_LIMIT}`);
      items = page.items;
      setUnread(page.unread);
      render();
    } catch {
      // no bell contents without the API; the header still works
    }
  }

  function setUnread(n) {
    unread = Math.max(0, n);
    count.textContent = String(unread);
    count.hidden = unread === 0;
    button.setAttribute('aria-label', unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`);
  }

  function render() {
    replaceChildren(list, entries());
    if (pageList) {
      replaceChildren(pageList, entries());
    }
  }

  function entries() {
    if (items.length === 0) {
      return h('li', { class: 'muted notification-empty', text: 'Nothing yet.' });
    }
    return items.map((n) => h('li', {
      class: n.read ? 'notification' : 'notification unread', dataset: { id: n.id },
    },
    h('button', { type: 'button', class: 'notification-open', on: { click: () => open(n) } },
      h('span', { class: 'notification-title', text: n.title }),
      n.body ? h('span', { class: 'notification-body', text: n.body }) : null,
      h('span', { class: 'notification-time muted', text: formatDate(n.createdAt) }))));
  }

  async function open(n) {
    if (!n.read) {
      try {
        await post(`api/notifications/${encodeURIComponent(n.id)}/read`, {});
      } catch {
        // still follow the link
      }
      n.read = true;
      setUnread(unread - 1);
      render();
    }
    // Only to a page of this app: a link is data, and must never take the user to another site.
    const target = appLink(n.link);
    if (target) {
      location.assign(target);
    }
  }

  on('notification', ({ notification }) => {
    if (items.some((n) => n.id === notification.id)) {
      return;
    }
    items = [notification, ...items].slice(0, LIST_LIMIT);
    setUnread(unread + (notification.read ? 0 : 1));
    render();
  });
  on('notification:read', ({ ids, unread: left }) => {
    const done = new Set(ids || []);
    items = items.map((n) => (done.has(n.id) ? { ...n, read: true } : n));
    setUnread(left);
    render();
  });
  loadWhenLive(load);
}
