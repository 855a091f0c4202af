/**
 * The tab's one realtime connection: Server-Sent Events from `api/events`, opened with a one-time stream
 * ticket, reconnected by this module, routed to the handlers the pages subscribe.
 *
 * Pages never touch the EventSource. They subscribe and render:
 *
 *   initializeSocket(token);
 *   subscribeToCustomerEvents({ onCreated, onUpdated, onDeleted });   // handler(data, {id, event})
 *   reloadWhenStale(reloadLists);   // after a resync, or a (re)connect that replayed nothing
 *
 * Why the reconnection is ours and not the browser's: an EventSource reconnects by itself with the same URL
 * (WHATWG HTML, "server-sent events", reestablish the connection), but our URL carries a single-use ticket,
 * so that retry can only fail. On any error we close the EventSource, ask for a fresh ticket and open a new
 * one, passing the last id we saw as `lastEventId` (the server reads it like the Last-Event-ID header and
 * replays what we missed), with exponential backoff and jitter.
 *
 * Set `localStorage.debug` (any value) to log what happens here to the console.
 */

const TICKET_URL = 'api/auth/stream-ticket';
const EVENTS_URL = 'api/events';

/** First retry delay; doubles per consecutive failure up to BACKOFF_MAX_MS, with +/-20% jitter. */
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 10000;
/** After this many failures in a row the indicator says "offline" instead of "reconnecting" (retries go on). */
const OFFLINE_AFTER_FAILURES = 4;

/** Server event name -> [subscription kind, handler name]. */
const ROUTES = Object.freeze({
  'customer:created': ['customer', 'onCreated'],
  'customer:updated': ['customer', 'onUpdated'],
  'customer:deleted': ['customer', 'onDeleted'],
  'user:created': ['user', 'onCreated'],
  'user:updated': ['user', 'onUpdated'],
  'user:deleted': ['user', 'onDeleted'],
  'account:updated': ['account', 'onUpdated'],
  'account:deleted': ['account', 'onDeleted'],
});

const subscriptions = { customer: new Set(), user: new Set(), account: new Set() };
/** on()/off() listeners: connect, disconnect, error, status, resync, auth:expired, ready, and any event name. */
const listeners = new Map();
/** The connection's own notices, which on() does not ask the EventSource for. */
const LOCAL_NAMES = new Set(['connect', 'disconnect', 'error', 'status', 'resync', 'auth:expired', 'ready']);
/** Server event names asked for with on() beyond ROUTES (e.g. 'notification'); every EventSource listens to them. */
const extraNames = new Set();

const conn = {
  token: null,
  source: null,
  /** Adds a listener for one more event name to the current EventSource. */
  listen: null,
  /** idle | connecting | live | reconnecting | offline | expired */
  status: 'idle',
  /** The id of the newest event handled; sent as lastEventId when reconnecting. */
  lastEventId: null,
  failures: 0,
  retryTimer: null,
  /** Set by the server's `unavailable` (a refusal that passes): the next attempt waits at least this long. */
  retryAfterMs: 0,
  /** Bumped whenever an attempt is superseded, so late callbacks of an old attempt do nothing. */
  attempt: 0,
  everConnected: false,
  /**
   * The id (from `ready`) of the last stream that went live and may still be open on the server: a stream lost
   * on our side (a navigation starting aborts it, say) is not noticed there until a write to it fails.
   */
  connectionId: null,
};

// ---------------------------------------------------------------------------------------------------------
// Public API (the operations of the original Socket.io client, over EventSource)

/**
 * Opens this tab's connection with a bearer token. Calling it again with the same token keeps the one
 * connection; with another token it replaces it.
 */
export function initializeSocket(token) {
  if (!token) {
    throw new Error('initializeSocket needs a token');
  }
  if (conn.token === token && conn.status !== 'idle' && conn.status !== 'expired') {
    log('already initialised; keeping the connection');
    return conn.source;
  }
  if (conn.token !== null) {
    disconnectSocket();
  }
  conn.token = token;
  conn.failures = 0;
  conn.everConnected = false;
  conn.lastEventId = null;
  connect();
  return conn.source;
}

export function subscribeToCustomerEvents(handlers) {
  return subscribe('customer', handlers);
}

export function unsubscribeFromCustomerEvents(handlers) {
  unsubscribe('customer', handlers);
}

export function subscribeToUserEvents(handlers) {
  return subscribe('user', handlers);
}

export function unsubscribeFromUserEvents(handlers) {
  unsubscribe('user', handlers);
}

/** Account events of the signed-in customer-side user: { onUpdated, onDeleted }. */
export function subscribeToAccountEvents(handlers) {
  return subscribe('account', handlers);
}

export function unsubscribeFromAccountEvents(handlers) {
  unsubscribe('account', handlers);
}

/** True while the stream is open and has said `ready`. */
export function isConnected() {
  return conn.status === 'live' && conn.source !== null && conn.source.readyState === EventSource.OPEN;
}

/** The underlying EventSource (replaced on every reconnect), or null. */
export function getSocket() {
  return conn.source;
}

/** idle | connecting | live | reconnecting | offline | expired */
export function getStatus() {
  return conn.status;
}

/**
 * Calls `load` whenever what the page shows may be stale: the server lost our place (`resync`), or a
 * (re)connect did not replay what was missed. Returns a function that stops it.
 */
export function reloadWhenStale(load) {
  const offResync = on('resync', load);
  const offConnect = on('connect', ({ resumed }) => {
    if (!resumed) {
      load();
    }
  });
  return () => {
    offResync();
    offConnect();
  };
}

/**
 * Listens to the connection itself:
 *   connect      ({resumed, first, connectionId, rooms, user}) once the stream is ready; `resumed` means
 *                the server replays what was missed, otherwise the page should reload its data
 *   disconnect   (reason) when a live stream is lost or closed
 *   error        (Error) on every failed attempt
 *   status       (status) on every change of getStatus()
 *   resync       ({reason}) the server could not replay: reload the data
 *   auth:expired ({reason}) the token is no longer accepted; the connection stays closed
 * and to any server event by name, e.g. on('customer:created', (data, meta) => ...).
 * Returns a function that removes the listener.
 */
export function on(name, handler) {
  if (!LOCAL_NAMES.has(name) && !ROUTES[name] && !extraNames.has(name)) {
    extraNames.add(name);
    conn.listen?.(name);
  }
  if (!listeners.has(name)) {
    listeners.set(name, new Set());
  }
  listeners.get(name).add(handler);
  return () => off(name, handler);
}

export function off(name, handler) {
  const set = listeners.get(name);
  if (set) {
    set.delete(handler);
  }
}

/** Closes the connection for good (sign-out). Subscriptions stay, for a later initializeSocket. */
export function disconnectSocket() {
  const wasLive = conn.status === 'live';
  conn.attempt++;
  clearTimeout(conn.retryTimer);
  conn.retryTimer = null;
  releaseStream();
  closeSource();
  conn.token = null;
  conn.lastEventId = null;
  setStatus('idle');
  if (wasLive) {
    emit('disconnect', 'client disconnect');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Connection

async function connect() {
  const attempt = ++conn.attempt;
  clearTimeout(conn.retryTimer);
  conn.retryTimer = null;
  closeSource();
  if (conn.failures === 0) {
    setStatus(conn.everConnected ? 'reconnecting' : 'connecting');
  }
  let ticket;
  try {
    log('asking for a stream ticket');
    const res = await fetch(TICKET_URL, {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + conn.token, Accept: 'application/json' },
      cache: 'no-store',
    });
    if (attempt !== conn.attempt) {
      return;
    }
    if (res.status === 401) {
      expire('the stream ticket was refused (401)');
      return;
    }
    if (!res.ok) {
      throw new Error('stream ticket: HTTP ' + res.status);
    }
    ticket = (await res.json()).ticket;
    if (attempt !== conn.attempt) {
      return;
    }
  } catch (e) {
    if (attempt === conn.attempt) {
      failed(e);
    }
    return;
  }
  open(ticket, attempt);
}

function open(ticket, attempt) {
  const resumeFrom = conn.lastEventId;
  let url = EVENTS_URL + '?ticket=' + encodeURIComponent(ticket);
  if (resumeFrom !== null) {
    url += '&lastEventId=' + encodeURIComponent(String(resumeFrom));
  }
  log('opening the stream', resumeFrom === null ? '(fresh)' : '(resuming after ' + resumeFrom + ')');
  const source = new EventSource(url);
  conn.source = source;
  const current = () => attempt === conn.attempt && source === conn.source;

  source.addEventListener('ready', (e) => {
    if (!current()) {
      return;
    }
    const ready = parse(e) || {};
    const first = !conn.everConnected;
    conn.everConnected = true;
    conn.failures = 0;
    conn.connectionId = ready.connectionId || null;
    setStatus('live');
    log('live', ready.connectionId, 'rooms', ready.rooms);
    emit('ready', ready);
    emit('connect', {
      resumed: resumeFrom !== null,
      first,
      connectionId: ready.connectionId,
      rooms: ready.rooms || [],
      user: ready.user || null,
    });
  });
  // An event without an id line (a transient signal such as maintenance:typing) leaves the EventSource's
  // lastEventId as it was (WHATWG HTML, "dispatch the event"): it is no duplicate, and it moves no position.
  let seenId = '';
  const listen = (name) => source.addEventListener(name, (e) => {
    if (current()) {
      const transient = e.lastEventId === seenId;
      seenId = e.lastEventId;
      route(name, e, transient);
    }
  });
  conn.listen = listen;
  for (const name of [...Object.keys(ROUTES), ...extraNames]) {
    listen(name);
  }
  source.addEventListener('resync', (e) => {
    if (!current()) {
      return;
    }
    const data = parse(e) || {};
    log('resync:', data.reason);
    // Our position means nothing to the server any more (it may even be ahead of its log): the page reloads,
    // and we go on from the position the server gives with resync.
    const position = e.lastEventId === '' ? NaN : Number(e.lastEventId);
    conn.lastEventId = Number.isFinite(position) ? position : null;
    seenId = e.lastEventId; // so the next event without an id is seen as one
    emit('resync', data);
  });
  source.addEventListener('unavailable', (e) => {
    // Refused for now (stream limit, node stopping): the server ends this stream; try again after retryAfter.
    if (current()) {
      const data = parse(e) || {};
      log('unavailable:', data.code, data.message);
      conn.retryAfterMs = Math.max(0, Number(data.retryAfter) || 0) * 1000;
    }
  });
  source.addEventListener('auth:expired', (e) => {
    if (current()) {
      expire((parse(e) || {}).reason || 'token expired');
    }
  });
  source.onerror = () => {
    // Fired when the stream ends or cannot open (any non-200 answer). Never let the browser retry with the
    // spent ticket: close it and start our own attempt.
    if (current()) {
      failed(new Error(source.readyState === EventSource.CLOSED ? 'stream refused' : 'stream lost'));
    }
  };
}

function route(name, e, transient = false) {
  const id = transient || e.lastEventId === '' ? null : Number(e.lastEventId);
  if (id !== null && Number.isFinite(id)) {
    if (conn.lastEventId !== null && id <= conn.lastEventId) {
      log('ignoring duplicate', name, id);
      return;
    }
    conn.lastEventId = id;
  }
  const data = parse(e);
  if (data === undefined) {
    return;
  }
  log('event', id, name, data);
  const [kind, method] = ROUTES[name] || [];
  const meta = { id, event: name };
  for (const handlers of kind ? [...subscriptions[kind]] : []) {
    if (typeof handlers[method] === 'function') {
      safely(() => handlers[method](data, meta), name);
    }
  }
  emit(name, data, meta);
}

function failed(error) {
  const wasLive = conn.status === 'live';
  releaseStream();
  closeSource();
  conn.failures++;
  log('connection failed:', error.message, '- failures in a row:', conn.failures);
  if (wasLive) {
    emit('disconnect', error.message);
  }
  emit('error', error);
  const offline = (typeof navigator !== 'undefined' && navigator.onLine === false)
    || conn.failures >= OFFLINE_AFTER_FAILURES;
  setStatus(offline ? 'offline' : 'reconnecting');
  scheduleRetry();
}

function scheduleRetry() {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, conn.failures - 1));
  const delay = Math.max(conn.retryAfterMs, Math.round(base * (0.8 + Math.random() * 0.4)));
  conn.retryAfterMs = 0;
  log('retrying in', delay, 'ms');
  clearTimeout(conn.retryTimer);
  conn.retryTimer = setTimeout(connect, delay);
}

/** The token is no longer good: stop for good and tell the page (which returns to the login). */
function expire(reason) {
  log('authentication expired:', reason);
  const wasLive = conn.status === 'live';
  conn.attempt++;
  clearTimeout(conn.retryTimer);
  conn.retryTimer = null;
  conn.connectionId = null; // the server ends it itself, and no longer accepts the token
  closeSource();
  setStatus('expired');
  if (wasLive) {
    emit('disconnect', reason);
  }
  emit('auth:expired', { reason });
}

/**
 * Asks the server to end our last stream at once, rather than when a later write to it fails: its slot in the
 * user's stream limit comes free and presence sees the user leave (or stay, on a reload) without waiting for a
 * heartbeat. Best effort; keepalive lets the request outlive the page.
 */
function releaseStream() {
  const id = conn.connectionId;
  conn.connectionId = null;
  if (id && conn.token) {
    fetch(EVENTS_URL + '/' + encodeURIComponent(id), {
      method: 'DELETE',
      headers: { Authorization: 'Bearer ' + conn.token },
      keepalive: true,
    }).catch(() => {});
  }
}

function closeSource() {
  conn.listen = null;
  if (conn.source !== null) {
    conn.source.onerror = null;
    conn.source.close();
    conn.source = null;
  }
}

function setStatus(status) {
  if (conn.status !== status) {
    conn.status = status;
    log('status', status);
    emit('status', status);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function subscribe(kind, handlers) {
  if (!handlers || typeof handlers !== 'object') {
    throw new Error('subscribe needs an object of handlers');
  }
  subscriptions[kind].add(handlers);
  return () => subscriptions[kind].delete(handlers);
}

/** Removes one set of handlers, or all of this kind when none is given (as the original client did). */
function unsubscribe(kind, handlers) {
  if (handlers) {
    subscriptions[kind].delete(handlers);
  } else {
    subscriptions[kind].clear();
  }
}

function emit(name, ...args) {
  const set = listeners.get(name);
  if (set) {
    for (const handler of [...set]) {
      safely(() => handler(...args), name);
    }
  }
}

/** One failing handler must not keep the others (or the stream) from working. */
function safely(fn, what) {
  try {
    fn();
  } catch (e) {
    console.error('[realtime] a handler for', what, 'failed:', e);
  }
}

function parse(e) {
  try {
    return e.data ? JSON.parse(e.data) : null;
  } catch (err) {
    console.warn('[realtime] ignoring', e.type, 'with malformed data');
    return undefined;
  }
}

function debugEnabled() {
  try {
    return Boolean(window.localStorage.getItem('debug'));
  } catch (e) {
    return false;
  }
}

function log(...args) {
  if (debugEnabled()) {
    console.debug('[realtime]', ...args);
  }
}

// The browser knows when the network comes back: retry at once instead of waiting out the backoff.
window.addEventListener('online', () => {
  if (conn.token !== null && (conn.status === 'reconnecting' || conn.status === 'offline')) {
    log('browser is online again');
    conn.failures = Math.min(conn.failures, 1);
    connect();
  }
});
window.addEventListener('offline', () => {
  if (conn.token !== null && conn.status !== 'live' && conn.status !== 'idle' && conn.status !== 'expired') {
    setStatus('offline');
  }
});
// As the page goes away, end the stream on the server too (see releaseStream); come back if the page is restored
// from the back/forward cache.
window.addEventListener('pagehide', () => {
  conn.attempt++;
  clearTimeout(conn.retryTimer);
  releaseStream();
  closeSource();
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted && conn.token !== null && conn.status !== 'expired') {
    connect();
  }
});
