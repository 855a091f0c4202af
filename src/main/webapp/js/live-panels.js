/**
 * The panels beside a dashboard (not on a tenant's page): "Online now" (js/presence.js) and "Activity"
 * (js/activity.js), drawn here once for every page that has them, each saying it is loading until its first answer.
 */
import { startActivity } from './activity.js';
import { showLoadState } from './load-state.js';
import { startPresence } from './presence.js';
import { $, h } from './ui.js';

export function startLivePanels(session) {
  $('#main').append(h('aside', { class: 'live-panels', 'aria-label': 'Who is online and recent activity' },
    h('section', { class: 'live-panel', id: 'presence-panel', 'aria-labelledby': 'presence-title' },
      h('h2', { id: 'presence-title' }, 'Online now ', h('span', { id: 'presence-count', class: 'badge', text: '0' })),
      h('ul', { id: 'presence-list' }),
      panelState('presence-empty', 'Loading who is online…')),
    h('section', { class: 'live-panel', id: 'activity-panel', 'aria-labelledby': 'activity-title' },
      h('h2', { id: 'activity-title', text: 'Activity' }),
      h('ol', { id: 'activity-list', class: 'activity-list' }),
      panelState('activity-empty', 'Loading activity…'))));
  startPresence(session);
  startActivity();
}

/** A panel's state line (js/load-state.js), loading at first. */
function panelState(id, text) {
  const el = h('p', { id, class: 'muted panel-state' });
  showLoadState(el, 'loading', text);
  return el;
}
