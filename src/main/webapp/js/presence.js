/**
 * The "Online now" panel: who has the dashboard open. GET api/presence gives the users the caller may see
 * (admins: everyone; customer-side users: their customer's users); presence:joined / presence:left keep it
 * live, and every (re)connect refetches it, since events may have been missed while offline.
 */
import { get } from './api.js';
import { loadWhenLive, on } from './realtime.js';
import { roleLabel } from './session.js';
import { showLoadState } from './load-state.js';
import { $, h, replaceChildren } from './ui.js';

export function startPresence(session) {
  const list = $('#presence-list');
  if (!list) {
    return;
  }
  const online = new Map();
  const state = $('#presence-empty');
  let loaded = false;

  async function load() {
    if (!loaded) {
      showLoadState(state, 'loading', 'Loading who is online…');
    }
    try {
      const page = await get('api/presence');
      online.clear();
      for (const user of page.items) {
        online.set(user.id, user);
      }
      loaded = true;
      render();
    } catch (e) {
      // What was shown stays (the next (re)connect loads it again); with nothing shown yet, say why.
      if (!loaded) {
        showLoadState(state, 'error', `Could not load who is online: ${e.message}`, load);
      }
    }
  }

  function render() {
    const users = [...online.values()].sort((a, b) => (a.name || '').localeCompare(b.name || ''));
    replaceChildren(list, users.map((user) => h('li', { class: 'presence-user', dataset: { userId: user.id } },
      h('span', { class: 'presence-dot', 'aria-hidden': 'true' }),
      h('span', { class: 'presence-name', text: user.name || 'Unknown user', title: user.name || null }),
      user.id === session.user.id ? h('span', { class: 'muted', text: ' (you)' }) : null,
      h('span', { class: 'badge', text: roleLabel(user.role) }))));
    $('#presence-count').textContent = loaded ? String(users.length) : '–';
    if (loaded) {
      showLoadState(state, users.length ? 'ready' : 'empty', users.length ? '' : 'Nobody is online.');
    }
  }

  on('presence:joined', (data) => {
    if (data && data.user) {
      online.set(data.user.id, data.user);
      render();
    }
  });
  on('presence:left', (data) => {
    if (data && data.user && online.delete(data.user.id)) {
      render();
    }
  });
  // Every (re)connect loads it again: events may have been missed while offline.
  loadWhenLive(load, { everyConnect: true });
}
