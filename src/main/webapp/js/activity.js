/**
 * The "Activity" panel: the newest entries of GET api/activity (the event log, only what this user may see),
 * with events prepended as they arrive on the stream. Entries are kept by id, so an event that arrives both
 * in a fetch and live shows once; a (re)connect or resync refetches.
 *
 * Each entry says who did it, as the server recorded it for this reader (`actor`: staff see staff by name,
 * a customer's users see staff as "PropertyHub support"), and what changed when the event says so. Presence
 * churn is coalesced: of one user's comings and goings within PRESENCE_COALESCE_MS only the newest shows.
 */
import { get } from './api.js';
import { showLoadState } from './load-state.js';
import { loadWhenLive, on } from './realtime.js';
import { roleLabel } from './session.js';
import { $, capitalize, formatDate, formatMoney, h, replaceChildren } from './ui.js';

const SHOWN = 20;
/** Fetched: more than shown, so that coalesced presence entries still leave SHOWN lines. */
const FETCHED = 60;
const PRESENCE_COALESCE_MS = 2 * 60 * 1000;
/** At most this many changed fields are spelled out in one line. */
const CHANGES_SHOWN = 3;
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
  const state = $('#activity-empty');
  let entries = new Map();
  let loaded = false;

  async function load() {
    if (!loaded) {
      showLoadState(state, 'loading', 'Loading activity…');
    }
    try {
      const feed = await get(`api/activity?limit=${FETCHED}`);
      const fresh = new Map(feed.items.map((item) => [item.id, item]));
      // Keep live entries newer than the fetch (they arrived while it was under way).
      for (const [id, item] of entries) {
        if (!fresh.has(id) && (feed.items.length === 0 || Number(id) > Number(feed.items[0].id))) {
          fresh.set(id, item);
        }
      }
      entries = fresh;
      loaded = true;
      render();
    } catch (e) {
      // What was shown stays (the next (re)connect loads it again); with nothing shown yet, say why.
      if (!loaded) {
        showLoadState(state, 'error', `Could not load the activity: ${e.message}`, load);
      }
    }
  }

  function render() {
    const newestFirst = [...entries.values()].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, FETCHED);
    entries = new Map(newestFirst.map((item) => [item.id, item]));
    const items = coalescePresence(newestFirst).slice(0, SHOWN);
    replaceChildren(list, items.map((item) => {
      const text = describe(item.event, item.data);
      return h('li', { class: 'activity-item', dataset: { eventId: item.id, event: item.event } },
        h('span', { class: 'activity-text', text, title: text }),
        h('time', { class: 'muted', datetime: item.createdAt || '', text: formatDate(item.createdAt) }));
    }));
    if (loaded) {
      showLoadState(state, items.length ? 'ready' : 'empty', items.length ? '' : 'Nothing has happened yet.');
    }
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
  // Every (re)connect loads it again: events may have been missed while offline.
  loadWhenLive(load, { everyConnect: true });
}

/**
 * Drops a presence entry when a newer one of the same user follows it within PRESENCE_COALESCE_MS: a user who
 * comes and goes five times in a minute is one line (their newest state), not ten.
 */
export function coalescePresence(newestFirst) {
  const newerAt = new Map();
  return newestFirst.filter((item) => {
    if (item.event !== 'presence:joined' && item.event !== 'presence:left') {
      return true;
    }
    const userId = item.data?.user?.id;
    const at = Date.parse(item.createdAt) || 0;
    const newer = newerAt.get(userId);
    newerAt.set(userId, at);
    return newer === undefined || newer - at > PRESENCE_COALESCE_MS;
  });
}

/** A sentence for an entry; unknown events show their name. */
export function describe(event, data) {
  const d = data || {};
  const by = d.actor?.name || null;
  const company = d.customer?.company ?? '';
  const user = d.user?.name ?? '';
  switch (event) {
    case 'customer:created': return by ? `${by} added customer ${company}` : `New customer ${company} was added`;
    case 'customer:updated': return updated(by, company, d.changes, `Customer ${company} was updated`);
    case 'customer:deleted': return by ? `${by} deleted customer ${d.company ?? ''}`.trim() : 'A customer was deleted';
    case 'user:created': return by ? `${by} added user ${user}` : `New user ${user} was added`;
    case 'user:updated': return updated(by, user, d.changes, `User ${user} was updated`);
    case 'user:deleted': return by ? `${by} deleted user ${d.name ?? ''}`.trim() : 'A user was deleted';
    case 'account:updated': return updated(by, 'your account', d.changes, 'Your account information was updated');
    case 'account:deleted': return by ? `${by} deleted your account` : 'Your account was deleted';
    case 'presence:joined': return `${d.user?.name ?? 'Someone'} (${roleLabel(d.user?.role)}) came online`;
    case 'presence:left': return `${d.user?.name ?? 'Someone'} (${roleLabel(d.user?.role)}) went offline`;
    default: return event;
  }
}

/** "Sam Super updated Sunset Properties: plan Starter → Professional", or `fallback` when nobody is named. */
function updated(by, subject, changes, fallback) {
  const list = Array.isArray(changes) ? changes : [];
  const what = list.slice(0, CHANGES_SHOWN).map(change).join(', ')
    + (list.length > CHANGES_SHOWN ? ` and ${list.length - CHANGES_SHOWN} more` : '');
  if (!by) {
    return what ? `${capitalize(subject)}: ${what}` : fallback;
  }
  return what ? `${by} updated ${subject}: ${what}` : `${by} updated ${subject}`;
}

const FIELD_NAMES = { monthlyPrice: 'price', isActive: 'status', plan: 'plan' };

function change({ field, from, to }) {
  return `${FIELD_NAMES[field] || field} ${value(field, from)} → ${value(field, to)}`;
}

function value(field, v) {
  if (v === null || v === undefined || v === '') {
    return '(none)';
  }
  switch (field) {
    case 'monthlyPrice': return formatMoney(v);
    case 'isActive': return v === 'true' ? 'Active' : 'Inactive';
    case 'role': return roleLabel(v);
    case 'status': return capitalize(v);
    default: return v;
  }
}
