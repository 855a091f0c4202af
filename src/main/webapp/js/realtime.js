/**
 * The realtime connection of the browser: Server-Sent Events from `api/events`, opened with a one-time stream
 * ticket, reconnected by this module, routed to the handlers the pages subscribe.
 *
 * One stream per browser and user, not one per tab: a browser opens at most 6 HTTP/1.1 connections per origin,
 * and six tabs each holding an EventSource would leave none for their REST calls. The tabs of one origin and
 * user elect a leader with the Web Locks API (the lock `propertyhub.stream.<userId>`): only the leader opens the
 * EventSource, and it relays every event (with its id), every change of the connection's state and the
 * connection's notices (ready, connect, disconnect, error, resync, auth:expired) to the other tabs over the
 * BroadcastChannel of the same name. Every tab keeps its own subscriptions and its own duplicate-id check, so a
 * page sees the same calls in a follower tab as in the leader. The browser hands the lock to the next waiting tab
 * as soon as the leader's page goes away (closed, reloaded, navigated, crashed); that tab asks for a ticket and
 * resumes from the newest id it has seen, which is the newest any tab has seen since every id is relayed (the
 * followers also report theirs when a new leader is elected): the server replays the gap, and each tab's
 * duplicate check drops what it already had. Where Web Locks or BroadcastChannel are missing (Web Locks needs a
 * secure context: HTTPS or localhost), every tab keeps its own stream as before.
 *
 * Pages never touch the EventSource. They subscribe by event name and render:
 *
 *   initializeSocket(token);
 *   on('customer:created', (data, { id, event }) => ...);
 *   loadWhenLive(loadList);   // once the stream is live, then after a resync or a connect that replayed nothing
 *
 * on() is the one way to subscribe; the seed's subscribeTo…Events({ onCreated, onUpdated, onDeleted }) are thin
 * wrappers over it.
 *
 * Why the reconnection is ours and not the browser's: an EventSource reconnects by itself with the same URL
 * (WHATWG HTML, "server-sent events", reestablish the connection), but our URL carries a single-use ticket,
 * so that retry can only fail. On any error we close the EventSource, ask for a fresh ticket and open a new
 * one, passing the last id we saw as `lastEventId` (the server reads it like the Last-Event-ID header and
 * replays what we missed), with exponential backoff and jitter.
 *
 * Set `localStorage.debug` (any value) to log what happens here to the console.
 */

import { fetchWithin, REQUEST_DEADLINE_MS } from './api.js';

const TICKET_URL = 'api/auth/stream-ticket';
const EVENTS_URL = 'api/events';
/** The name of the lock and of the channel the tabs of one user share, followed by the user's id. */
const SHARED_PREFIX = 'propertyhub.stream.';
/** How many handled event ids each tab remembers for receivedEventIds(). */
const RECEIVED_KEPT = 2000;

/** First retry delay; doubles per consecutive failure up to BACKOFF_MAX_MS, with +/-20% jitter. */
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 10000;
/** After this many failures in a row the indicator says "offline" instead of "reconnecting" (retries go on). */
const OFFLINE_AFTER_FAILURES = 4;

/** How long a page's first load waits for the stream to be live before it goes ahead alone (see loadWhenLive). */
const FIRST_LOAD_WAIT_MS = 1500;

/** The events of the seed's subscribeTo…Events, by kind: handler name -> event name. */
const SEED_EVENTS = Object.freeze({
  customer: { onCreated: 'customer:created', onUpdated: 'customer:updated', onDeleted: 'customer:deleted' },
  user: { onCreated: 'user:created', onUpdated: 'user:updated', onDeleted: 'user:deleted' },
  account: { onUpdated: 'account:updated', onDeleted: 'account:deleted' },
});

/** on()/off() listeners: connect, disconnect, error, status, resync, auth:expired, ready, and any event name. */
const listeners = new Map();
/** The connection's own notices, which on() does not ask the EventSource for. */
const LOCAL_NAMES = new Set(['connect', 'disconnect', 'error', 'status', 'resync', 'auth:expired', 'ready']);
/**
 * The server event names every EventSource listens to: the seed's, whether subscribed or not (their ids count
 * for resuming), and each one asked for with on().
 */
const eventNames = new Set(Object.values(SEED_EVENTS).flatMap((handlers) => Object.values(handlers)));
/** Per kind: each handlers object given to subscribeTo…Events -> the function that removes its listeners. */
const seedSubscriptions = { customer: new Map(), user: new Map(), account: new Map() };

const conn = {
  token: null,
  source: null,
  /** Adds a listener for one more event name to the current EventSource. */
  listen: null,
  /** idle | connecting | live | reconnecting | offline | expired */
  status: 'idle',
  /** Why the connection is not live (shown by the indicator), or null. */
  reason: null,
  /** solo (a stream of this tab's own), leader (holds the shared stream), follower (the leader relays) or null. */
  role: null,
  /** The last `ready` of the stream (a follower's copy comes from the leader). */
  ready: null,
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

/** The tabs' sharing: the channel, and how to give up the lock (or the wish for it). */
const shared = {
  channel: null,
  /** Aborts a lock request still waiting. */
  abort: null,
  /** Releases a lock held. */
  release: null,
  /** Names this tab in hello/state messages. */
  tabId: Math.random().toString(36).slice(2) + Date.now().toString(36),
};

/** The ids this tab handled, oldest first (for diagnostics and the browser tests). */
const received = [];
/** When (Date.now()) this tab handled each id of `received`, at the same index. */
const receivedAt = [];

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
  start();
  return conn.source;
}

// The seed's subscription API (kept as public API), thin over on(): handler(data, { id, event }).

export function subscribeToCustomerEvents(handlers) {
  return subscribeTo('customer', handlers);
}

export function unsubscribeFromCustomerEvents(handlers) {
  unsubscribeFrom('customer', handlers);
}

export function subscribeToUserEvents(handlers) {
  return subscribeTo('user', handlers);
}

export function unsubscribeFromUserEvents(handlers) {
  unsubscribeFrom('user', handlers);
}

/** Account events of the signed-in customer-side user: { onUpdated, onDeleted }. */
export function subscribeToAccountEvents(handlers) {
  return subscribeTo('account', handlers);
}

export function unsubscribeFromAccountEvents(handlers) {
  unsubscribeFrom('account', handlers);
}

/** True while the stream is open and has said `ready` (in a follower tab: while the leader's stream is). */
export function isConnected() {
  if (conn.role === 'follower') {
    return conn.status === 'live';
  }
  return conn.status === 'live' && conn.source !== null && conn.source.readyState === EventSource.OPEN;
}

/**
 * The underlying EventSource (replaced on every reconnect), or null. Only the leader tab (or a tab with a stream
 * of its own) has one: in a follower tab this is null, since its events come from the leader over the
 * BroadcastChannel; use isConnected(), getStatus() and on('status') there.
 * Part of the seed-compatible public API: kept for pages written against the seed.
 */
export function getSocket() {
  return conn.source;
}

/** idle | connecting | live | reconnecting | offline | expired */
export function getStatus() {
  return conn.status;
}

/** Why the connection is not live ("The server cannot be reached", ...), or null while it is. */
export function getStatusReason() {
  return conn.reason;
}

/** solo | leader | follower, or null before initializeSocket. */
export function getRole() {
  return conn.role;
}

/** The ids of the events this tab handled (after its duplicate check), oldest first, the last 2000 at most. */
export function receivedEventIds() {
  return [...received];
}

/** When this tab handled event `id` (milliseconds since 1970, as Date.now()), or null if it did not. */
export function receivedEventAt(id) {
  const i = received.lastIndexOf(id);
  return i < 0 ? null : receivedAt[i];
}

/**
 * Loads a page's data once the stream is live, so no change can fall between the fetch and the stream (one fetch
 * per page load, not one before the stream opens and one after); after FIRST_LOAD_WAIT_MS without a stream it goes
 * ahead alone. Then loads again whenever what the page shows may be stale: the server lost our place (`resync`),
 * or a (re)connect did not replay what was missed (with `everyConnect`: after every (re)connect). Returns a
 * function that stops it.
 */
export function loadWhenLive(load, { everyConnect = false } = {}) {
  let started = false;
  const run = () => {
    started = true;
    clearTimeout(fallback);
    load();
  };
  const fallback = setTimeout(() => {
    if (!started) {
      run();
    }
  }, FIRST_LOAD_WAIT_MS);
  const offResync = on('resync', run);
  const offConnect = on('connect', ({ resumed }) => {
    if (everyConnect || !resumed || !started) {
      run();
    }
  });
  if (isConnected()) {
    run();
  }
  return () => {
    clearTimeout(fallback);
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
 *   status       (status, reason) on every change of getStatus() or getStatusReason()
 *   resync       ({reason}) the server could not replay: reload the data
 *   auth:expired ({reason}) the token is no longer accepted; the connection stays closed
 * and to any server event by name, e.g. on('customer:created', (data, meta) => ...).
 * Returns a function that removes the listener.
 */
export function on(name, handler) {
  if (!LOCAL_NAMES.has(name) && !eventNames.has(name)) {
    eventNames.add(name);
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

/**
 * Tries to connect again now instead of waiting out the backoff (the offline banner's "Try again"). In a tab
 * whose events come from another tab, that tab is asked to.
 */
export function reconnectNow() {
  if (conn.token === null || (conn.status !== 'offline' && conn.status !== 'reconnecting')) {
    return;
  }
  if (conn.role === 'follower') {
    post({ type: 'retry' });
    return;
  }
  log('retrying now, as asked');
  conn.failures = 0; // shows "reconnecting" while the attempt is under way
  connect();
}

/** Closes the connection for good (sign-out). Subscriptions stay, for a later initializeSocket. */
export function disconnectSocket() {
  const wasLive = conn.status === 'live';
  conn.attempt++;
  clearTimeout(conn.retryTimer);
  conn.retryTimer = null;
  if (conn.role === 'leader') {
    post({ type: 'leaving' });
  }
  releaseStream();
  closeSource();
  leaveTabs();
  conn.role = null;
  conn.token = null;
  conn.lastEventId = null;
  conn.ready = null;
  setStatus('idle');
  if (wasLive) {
    emit('disconnect', 'client disconnect');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sharing one stream among the tabs

/** Joins the user's tabs (waiting for the lock as a follower), or opens a stream of this tab's own. */
function start() {
  const user = userOf(conn.token);
  const canShare = user !== null && typeof BroadcastChannel === 'function'
    && typeof navigator !== 'undefined' && navigator.locks && typeof navigator.locks.request === 'function';
  if (!canShare) {
    conn.role = 'solo';
    connect();
    return;
  }
  const name = SHARED_PREFIX + user;
  conn.role = 'follower';
  setStatus(conn.everConnected ? 'reconnecting' : 'connecting', null);
  const channel = new BroadcastChannel(name);
  channel.onmessage = (e) => fromTab(e.data);
  shared.channel = channel;
  post({ type: 'hello', from: shared.tabId });
  const abort = new AbortController();
  shared.abort = abort;
  navigator.locks.request(name, { signal: abort.signal }, () => new Promise((resolve) => {
    if (shared.channel !== channel) {
      resolve(); // this join was given up while waiting
      return;
    }
    shared.abort = null;
    shared.release = resolve;
    lead();
  })).catch((e) => {
    if (e.name !== 'AbortError') {
      // No lock after all (e.g. a sandboxed frame): be a stream of our own.
      log('cannot take the stream lock:', e.message);
      if (shared.channel === channel) {
        leaveTabs();
        conn.role = 'solo';
        connect();
      }
    }
  });
}

/** This tab got the lock: it opens the stream and relays it. */
function lead() {
  log('this tab now holds the stream');
  conn.role = 'leader';
  conn.failures = 0;
  if (conn.token === null || conn.status === 'expired') {
    return; // the session is over: hold the lock, so no other tab tries with the dead token either
  }
  // The other tabs report the newest id they have seen while we ask for a ticket (see 'position').
  post({ type: 'elected' });
  connect();
}

function leaveTabs() {
  shared.abort?.abort();
  shared.abort = null;
  shared.release?.();
  shared.release = null;
  if (shared.channel !== null) {
    shared.channel.onmessage = null;
    shared.channel.close();
    shared.channel = null;
  }
}

function post(message) {
  try {
    shared.channel?.postMessage(message);
  } catch (e) {
    log('cannot relay', message.type, e.message);
  }
}

/** A message from another tab of this user. */
function fromTab(msg) {
  if (!msg || typeof msg !== 'object') {
    return;
  }
  if (conn.role === 'leader') {
    if (msg.type === 'hello') {
      post({
        type: 'state', to: msg.from, status: conn.status, reason: conn.reason, lastEventId: conn.lastEventId,
        ready: conn.ready,
      });
    } else if (msg.type === 'retry') {
      reconnectNow();
    } else if (msg.type === 'position' && conn.status !== 'live' && newer(msg.lastEventId, conn.lastEventId)) {
      // Not open yet: resume from the newest id any tab has seen.
      conn.lastEventId = msg.lastEventId;
    }
    return;
  }
  if (conn.role !== 'follower') {
    return;
  }
  switch (msg.type) {
    case 'elected':
      post({ type: 'position', lastEventId: conn.lastEventId });
      break;
    case 'state':
      if (msg.to === shared.tabId) {
        if (newer(msg.lastEventId, conn.lastEventId)) {
          conn.lastEventId = msg.lastEventId; // what came before we joined is in the lists we load
        }
        setStatus(msg.status, msg.reason);
        if (msg.status === 'live' && msg.ready) {
          conn.ready = msg.ready;
          emit('ready', msg.ready);
          emit('connect', connectInfo(msg.ready, false));
        }
      }
      break;
    case 'status':
      setStatus(msg.status, msg.reason);
      break;
    case 'event':
      route(msg.name, msg.id, msg.data);
      break;
    case 'notice':
      relayedNotice(msg.name, msg.payload);
      break;
    case 'leaving':
      if (conn.status === 'live') {
        setStatus('reconnecting', 'The tab holding the live stream closed');
        emit('disconnect', 'leader tab closed');
      }
      break;
    default:
  }
}

function relayedNotice(name, payload) {
  switch (name) {
    case 'ready':
      conn.ready = payload;
      emit('ready', payload);
      break;
    case 'connect':
      emit('connect', { ...payload, first: !conn.everConnected });
      conn.everConnected = true;
      break;
    case 'error':
      emit('error', new Error(payload && payload.message));
      break;
    case 'resync':
      conn.lastEventId = payload && Number.isFinite(payload.position) ? payload.position : null;
      emit('resync', payload);
      break;
    case 'auth:expired':
      expire((payload && payload.reason) || 'token expired');
      break;
    default:
      emit(name, payload);
  }
}

/** Tells this tab's listeners, and the other tabs when this one holds the stream. */
function announce(name, payload) {
  if (conn.role === 'leader') {
    post({ type: 'notice', name, payload: payload instanceof Error ? { message: payload.message } : payload });
  }
  emit(name, payload);
}

function connectInfo(ready, resumed) {
  const info = {
    resumed, first: !conn.everConnected, connectionId: ready.connectionId, rooms: ready.rooms || [],
    user: ready.user || null,
  };
  conn.everConnected = true;
  return info;
}

function newer(id, than) {
  return typeof id === 'number' && Number.isFinite(id) && (than === null || id > than);
}

/** The user id (`sub`) of a JWT, or null when it cannot be read. */
function userOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const sub = JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4))).sub;
    return typeof sub === 'string' && sub ? sub : null;
  } catch (e) {
    return null;
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
    setStatus(conn.everConnected ? 'reconnecting' : 'connecting', conn.reason);
  }
  let ticket;
  try {
    log('asking for a stream ticket');
    let res;
    try {
      res = await fetchWithin(TICKET_URL, {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + conn.token, Accept: 'application/json' },
        cache: 'no-store',
      }, REQUEST_DEADLINE_MS);
    } catch (e) {
      throw new Error(e.name === 'TimeoutError' ? 'The server did not answer in time' : 'The server cannot be reached',
        { cause: e });
    }
    if (attempt !== conn.attempt) {
      return;
    }
    if (res.status === 401) {
      const body = await res.json().catch(() => null);
      expire(reasonOf401(body));
      return;
    }
    if (!res.ok) {
      throw new Error(res.status === 429 ? 'Too many live connections for this user (429)'
        : 'The server answered ' + res.status + ' to the stream ticket');
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
    const ready = parse('ready', e.data) || {};
    const first = !conn.everConnected;
    conn.everConnected = true;
    conn.failures = 0;
    conn.connectionId = ready.connectionId || null;
    conn.ready = ready;
    setStatus('live', null);
    log('live', ready.connectionId, 'rooms', ready.rooms);
    announce('ready', ready);
    announce('connect', {
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
      const id = transient || e.lastEventId === '' ? null : Number(e.lastEventId);
      if (conn.role === 'leader') {
        post({ type: 'event', name, id, data: e.data });
      }
      route(name, id, e.data);
    }
  });
  conn.listen = listen;
  for (const name of eventNames) {
    listen(name);
  }
  source.addEventListener('resync', (e) => {
    if (!current()) {
      return;
    }
    const data = parse('resync', e.data) || {};
    log('resync:', data.reason);
    // Our position means nothing to the server any more (it may even be ahead of its log): the page reloads,
    // and every tab goes on from the position the server gives with resync.
    const position = e.lastEventId === '' ? NaN : Number(e.lastEventId);
    conn.lastEventId = Number.isFinite(position) ? position : null;
    seenId = e.lastEventId; // so the next event without an id is seen as one
    announce('resync', { ...data, position: conn.lastEventId });
  });
  source.addEventListener('unavailable', (e) => {
    // Refused for now (stream limit, node stopping): the server ends this stream; try again after retryAfter.
    if (current()) {
      const data = parse('unavailable', e.data) || {};
      log('unavailable:', data.code, data.message);
      conn.retryAfterMs = Math.max(0, Number(data.retryAfter) || 0) * 1000;
    }
  });
  source.addEventListener('auth:expired', (e) => {
    if (current()) {
      expire((parse('auth:expired', e.data) || {}).reason || 'token expired');
    }
  });
  source.onerror = () => {
    // Fired when the stream ends or cannot open (any non-200 answer). Never let the browser retry with the
    // spent ticket: close it and start our own attempt.
    if (current()) {
      failed(new Error(source.readyState === EventSource.CLOSED ? 'The live stream was refused'
        : 'The live stream was lost'));
    }
  };
}

/** Hands one event to this tab's subscribers, unless its id shows this tab had it already. */
function route(name, id, raw) {
  if (id !== null && Number.isFinite(id)) {
    if (conn.lastEventId !== null && id <= conn.lastEventId) {
      log('ignoring duplicate', name, id);
      return;
    }
    conn.lastEventId = id;
    received.push(id);
    receivedAt.push(Date.now());
    if (received.length > RECEIVED_KEPT) {
      received.splice(0, received.length - RECEIVED_KEPT);
      receivedAt.splice(0, receivedAt.length - RECEIVED_KEPT);
    }
  }
  const data = parse(name, raw);
  if (data === undefined) {
    return;
  }
  log('event', id, name, data);
  emit(name, data, { id, event: name });
}

function failed(error) {
  const wasLive = conn.status === 'live';
  releaseStream();
  closeSource();
  conn.failures++;
  log('connection failed:', error.message, '- failures in a row:', conn.failures);
  if (wasLive) {
    announce('disconnect', error.message);
  }
  announce('error', error);
  const deviceOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const offline = deviceOffline || conn.failures >= OFFLINE_AFTER_FAILURES;
  setStatus(offline ? 'offline' : 'reconnecting', deviceOffline ? 'This device is offline' : error.message);
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
  setStatus('expired', 'The session ended: ' + reason);
  if (wasLive) {
    announce('disconnect', reason);
  }
  announce('auth:expired', { reason });
}

/** The reason of a refused stream ticket, in the words the stream itself uses in auth:expired. */
function reasonOf401(body) {
  const code = body && body.error && body.error.code;
  return code === 'token_expired' ? 'token expired' : code === 'token_outdated' ? 'role changed'
    : code === 'token_revoked' ? 'account deactivated' : 'session revoked';
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
    fetchWithin(EVENTS_URL + '/' + encodeURIComponent(id), {
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

function setStatus(status, reason = null) {
  const why = status === 'live' ? null : reason || null;
  if (conn.status !== status || conn.reason !== why) {
    conn.status = status;
    conn.reason = why;
    log('status', status, why || '');
    if (conn.role === 'leader') {
      post({ type: 'status', status, reason: why });
    }
    emit('status', status, why);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** The seed's subscribeTo…Events: each handler of `handlers` listens with on() to its event. */
function subscribeTo(kind, handlers) {
  if (!handlers || typeof handlers !== 'object') {
    throw new Error('subscribe needs an object of handlers');
  }
  const subscribed = seedSubscriptions[kind];
  if (!subscribed.has(handlers)) {
    const offs = Object.entries(SEED_EVENTS[kind]).map(([method, name]) => on(name, (data, meta) => {
      if (typeof handlers[method] === 'function') {
        handlers[method](data, meta);
      }
    }));
    subscribed.set(handlers, () => offs.forEach((stop) => stop()));
  }
  return () => unsubscribeFrom(kind, handlers);
}

/** Removes one set of handlers, or all of this kind when none is given (as the original client did). */
function unsubscribeFrom(kind, handlers) {
  const subscribed = seedSubscriptions[kind];
  for (const [known, stop] of [...subscribed]) {
    if (!handlers || known === handlers) {
      stop();
      subscribed.delete(known);
    }
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

function parse(name, raw) {
  try {
    return raw ? JSON.parse(raw) : null;
  } catch (err) {
    console.warn('[realtime] ignoring', name, 'with malformed data');
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
  if (conn.token !== null && conn.role !== 'follower'
      && (conn.status === 'reconnecting' || conn.status === 'offline')) {
    log('browser is online again');
    conn.failures = Math.min(conn.failures, 1);
    connect();
  }
});
window.addEventListener('offline', () => {
  if (conn.token !== null && conn.role !== 'follower' && conn.status !== 'live' && conn.status !== 'idle'
      && conn.status !== 'expired') {
    setStatus('offline', 'This device is offline');
  }
});
// As the page goes away, end the stream on the server too (see releaseStream) and hand the lock to another tab at
// once; come back if the page is restored from the back/forward cache.
window.addEventListener('pagehide', () => {
  conn.attempt++;
  clearTimeout(conn.retryTimer);
  if (conn.role === 'leader') {
    post({ type: 'leaving' });
  }
  releaseStream();
  closeSource();
  leaveTabs();
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted && conn.token !== null && conn.status !== 'expired') {
    start();
  }
});
