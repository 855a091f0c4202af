/**
 * The "Activity" panel: the newest entries of GET api/activity (the event log, only what this user may see),
 * with events prepended as they arrive on the stream. Entries are kept by id, so an event that arrives both
 * in a fetch and live shows once; a (re)connect or resync refetches.
 */
import { get } from './api.js';
import { on } from './realtime.js';
import { roleLabel } from './session.js';
import { $, formatDate, h, replaceChildren } from './ui.js';

const SHOWN = 20;
const LIVE_EVENTS = [
  'customer:created', 'customer:updated', 'customer:deleted',
  'user:created', 'user:updated', 'user:deleted',
  'account:updated', 'account:deleted',
  'presence:joined', 'presence:left',
];

export function startActivity() {
  const list = $('#activity-list');
  if (!list) {
    return;
  }
  let entries = new Map();

  async function load() {
    try {
      const feed = await get(`api/activity?limit=${SHOWN}`);
      const fresh = new Map(feed.items.map((item) => [item.id, item]));
      // Keep live entries newer than the fetch (they arrived while it was under way).
      for (const [id, item] of entries) {
        if (!fresh.has(id) && feed.items.length > 0 && Number(id) > Number(feed.items[0].id)) {
          fresh.set(id, item);
        }
      }
      entries = fresh;
      render();
    } catch (e) {
      // Kept as it was; the next (re)connect loads it again.
    }
  }

  function render() {
    const items = [...entries.values()].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, SHOWN);
    entries = new Map(items.map((item) => [item.id, item]));
    replaceChildren(list, items.map((item) => h('li', { class: 'activity-item', dataset: { eventId: item.id, event: item.event } },
      h('span', { class: 'activity-text', text: describe(item.event, item.data), title: describe(item.event, item.data) }),
      h('time', { class: 'muted', datetime: item.createdAt || '', text: formatDate(item.createdAt) }))));
    $('#activity-empty').hidden = items.length > 0;
  }

  for (const name of LIVE_EVENTS) {
    on(name, (data, meta) => {
      if (meta && meta.id !== null && !entries.has(String(meta.id))) {
        const id = String(meta.id);
        entries.set(id, { id, event: name, data, createdAt: new Date().toISOString() });
        render();
      }
    });
  }
  on('connect', load);
  on('resync', load);
  load();
}

/** A sentence for an entry; unknown events show their name. */
export function describe(event, data) {
  const d = data || {};
  switch (event) {
    case 'customer:created': return `New customer ${d.customer?.company ?? ''} was added`;
    case 'customer:updated': return `Customer ${d.customer?.company ?? ''} was updated`;
    case 'customer:deleted': return 'A customer was deleted';
    case 'user:created': return `New user ${d.user?.name ?? ''} was added`;
    case 'user:updated': return `User ${d.user?.name ?? ''} was updated`;
    case 'user:deleted': return 'A user was deleted';
    case 'account:updated': return 'Your account information was updated';
    case 'account:deleted': return 'Your account was deleted';
    case 'presence:joined': return `${d.user?.name ?? 'Someone'} (${roleLabel(d.user?.role)}) came online`;
    case 'presence:left': return `${d.user?.name ?? 'Someone'} (${roleLabel(d.user?.role)}) went offline`;
    default: return event;
  }
}
