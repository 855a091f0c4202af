/**
 * A list page kept live: one server page at a time (`?limit`/`?offset`), sorted by a column on the server
 * (`?sort=`), searched and filtered on the server as the user types, with page, sort, search and filters in the
 * address bar (reload, back and a shared link show the same view), and kept correct by the list's live events:
 *
 * - an update of a row on the page shows at once, then the page is fetched again (the change may move it or take
 *   it out of the filter);
 * - a deleted row goes at once, and the page is fetched again (the next row moves in);
 * - a created item, or an update that may bring an item into the filter, fetches the page again: an item created
 *   that lands on the page appears there; one that does not is counted in a banner ("2 new customers — show").
 *
 * Fetches of one list never overlap in effect: the newest wins, and events arriving together cost one fetch. The
 * first fetch waits for the event stream to be live (loadWhenLive, js/realtime.js). A list the page holds whole is
 * js/live-collection.js; what the two do alike is in js/list-parts.js.
 *
 * Pages keep their own rows, dialogs and totals; they describe the list in `spec` (see startLiveList).
 */
import { get } from './api.js';
import { older } from './collection.js';
import { announceChange, deleteAfterAsking, eventReaders, messageRow, onListEvents } from './list-parts.js';
import { loadWhenLive } from './realtime.js';
import { formatNumber, h, replaceChildren, retryButton, syncRows } from './ui.js';

export const PAGE_SIZE = 50;
/** How long typing pauses before the search goes to the server. */
const SEARCH_DEBOUNCE_MS = 250;
/** Events arriving within this window share one fetch of the page. */
const REFRESH_DEBOUNCE_MS = 60;

/**
 * @param spec
 *   endpoint      'api/customers'
 *   param(name)   the address-bar name of a list parameter (q, sort, page, or a filter's name)
 *   table, tbody  the table and its body; `th[data-sort]` headers become sort buttons
 *   columns       how many columns a message row spans
 *   search        the search input; filters: {name: select} sent as ?name=value
 *   shown         where "Showing 1–50 of 10,000 customers" goes
 *   defaultSort   '-createdAt'
 *   noun          ['customer', 'customers']
 *   texts         {loading, empty, noMatch, failed}
 *   row(item, flash)      builds a row (a `tr` with data-id); rows go in through syncRows (ui.js), which labels
 *                         their cells for the phone layout and cuts long text short under `th.clip` headings
 *   matches(item, state)  whether an item passes the search and filters (as the server decides)
 *   events        'customer': its created / updated / deleted events (onListEvents); how to read them: itemOf(data),
 *                 idOf(data) (see eventReaders)
 *   announce      {created, updated, deleted}: each {one(item, data), many(n)}, the toast of one event and of a
 *                 burst of them (toastChange: the page's own saves, see ownChange, are not toasted back)
 *   onDeleted(id) the page's own clean-up (close a dialog editing it); onChange() after every event, save and
 *                 delete (totals)
 */
export function startLiveList(spec) {
  const state = readState();
  let items = [];
  let total = 0;
  let loaded = false;
  let error = null;
  let loads = 0;
  let refreshTimer = null;
  let firstRendered = false;
  /** Created ids waiting for a fetch started after their event, with the load count at the event. */
  const created = new Map();
  /** Created ids that matched but are not on the page: the banner's count. */
  const pending = new Set();
  const flash = new Set();
  const rowCache = new Map();
  const banner = h('p', { class: 'notice new-items', role: 'status', hidden: true });
  const pager = h('nav', { class: 'pager', 'aria-label': `Pages of ${spec.noun[1]}` });
  const tableWrap = spec.table.closest('.table-wrap') || spec.table;
  tableWrap.before(banner);
  tableWrap.after(pager);
  const headers = sortHeaders();

  showStateInControls();
  let searchTimer = null;
  spec.search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      if (spec.search.value.trim() !== state.q) {
        setState({ q: spec.search.value.trim(), page: 1 }, 'replace');
      }
    }, SEARCH_DEBOUNCE_MS);
  });
  for (const [name, select] of Object.entries(spec.filters || {})) {
    select.addEventListener('change', () => setState({ filters: { ...state.filters, [name]: select.value }, page: 1 }));
  }
  window.addEventListener('popstate', () => {
    const next = readState();
    if (key(next) !== key(state)) {
      Object.assign(state, next);
      clearTimeout(searchTimer);
      showStateInControls(true);
      load();
    }
  });

  loadWhenLive(load);

  const { itemOf, idOf } = eventReaders(spec);
  onListEvents(spec.events, {
    onCreated(data, { event }) {
      const item = itemOf(data);
      announceChange(spec.announce.created, { event, id: item.id, item, data, kind: 'success' });
      if (spec.matches(item, state)) {
        created.set(item.id, loads);
        refresh();
      }
      spec.onChange?.();
    },
    onUpdated(data, { event }) {
      const item = itemOf(data);
      announceChange(spec.announce.updated, { event, id: item.id, item, data });
      const i = items.findIndex((known) => known.id === item.id);
      if (i >= 0 && !older(item, items[i])) {
        if (spec.matches(item, state)) {
          items[i] = item;
          flash.add(item.id);
          render();
        } else {
          removeLocally(item.id);
        }
      }
      if (i >= 0 || spec.matches(item, state)) {
        refresh();
      }
      spec.onChange?.();
    },
    onDeleted(data, { event }) {
      const id = idOf(data);
      announceChange(spec.announce.deleted, { event, id, item: items.find((known) => known.id === id), data });
      pending.delete(id);
      removeLocally(id);
      spec.onDeleted?.(id);
      refresh();
      spec.onChange?.();
    },
  });
  render();

  // -------------------------------------------------------------------------------------------------------
  // The view's state and the address bar

  function readState() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const name of Object.keys(spec.filters || {})) {
      filters[name] = params.get(spec.param(name)) || '';
    }
    const page = Number.parseInt(params.get(spec.param('page')), 10);
    return {
      q: (params.get(spec.param('q')) || '').trim().slice(0, 100),
      sort: params.get(spec.param('sort')) || spec.defaultSort,
      page: Number.isFinite(page) && page > 0 ? page : 1,
      filters,
    };
  }

  function key(s) {
    return JSON.stringify([s.q, s.sort, s.page, s.filters]);
  }

  /** Applies a change of the view: a new history entry (back returns to the old view), or `replace` while typing. */
  function setState(change, mode = 'push') {
    // What is typed in the search box counts at once, even if its pause has not passed yet.
    clearTimeout(searchTimer);
    Object.assign(state, { q: spec.search.value.trim().slice(0, 100) }, change);
    const params = new URLSearchParams(location.search);
    const values = {
      q: state.q,
      sort: state.sort === spec.defaultSort ? '' : state.sort,
      page: state.page > 1 ? String(state.page) : '',
      ...state.filters,
    };
    for (const [name, value] of Object.entries(values)) {
      if (value) {
        params.set(spec.param(name), value);
      } else {
        params.delete(spec.param(name));
      }
    }
    const query = params.toString();
    const url = location.pathname + (query ? `?${query}` : '') + location.hash;
    if (mode === 'replace') {
      history.replaceState(history.state, '', url);
    } else {
      history.pushState(history.state, '', url);
    }
    showStateInControls();
    pending.clear();
    load();
  }

  /** Shows the state in the search box (unless the user is typing there), the filters and the sort headers. */
  function showStateInControls(always = false) {
    if (always || document.activeElement !== spec.search) {
      spec.search.value = state.q;
    }
    for (const [name, select] of Object.entries(spec.filters || {})) {
      select.value = state.filters[name] || '';
    }
    for (const th of headers) {
      const sortKey = th.dataset.sort;
      const direction = state.sort === sortKey ? 'ascending' : state.sort === `-${sortKey}` ? 'descending' : null;
      if (direction) {
        th.setAttribute('aria-sort', direction);
      } else {
        th.removeAttribute('aria-sort');
      }
    }
  }

  /** Turns each `th[data-sort]` into a button that sorts by it (again: the other way round). */
  function sortHeaders() {
    return [...spec.table.querySelectorAll('th[data-sort]')].map((th) => {
      const label = th.textContent.trim();
      const sortKey = th.dataset.sort;
      replaceChildren(th, h('button', {
        type: 'button', class: 'sort', dataset: { sort: sortKey },
        on: { click: () => setState({ sort: state.sort === sortKey ? `-${sortKey}` : sortKey, page: 1 }) },
      }, label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' })));
      return th;
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Fetching

  function query() {
    const params = new URLSearchParams();
    if (state.q) {
      params.set('q', state.q);
    }
    for (const [name, value] of Object.entries(state.filters)) {
      if (value) {
        params.set(name, value);
      }
    }
    params.set('sort', state.sort);
    params.set('limit', String(PAGE_SIZE));
    params.set('offset', String((state.page - 1) * PAGE_SIZE));
    return `${spec.endpoint}?${params}`;
  }

  async function load() {
    clearTimeout(refreshTimer);
    const current = ++loads;
    spec.table.setAttribute('aria-busy', 'true');
    try {
      const page = await get(query());
      if (current !== loads) {
        return;
      }
      if (page.items.length === 0 && page.total > 0 && state.page > 1) {
        // The page is past the end now (rows were deleted): show the last one instead.
        state.page = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
        setState({}, 'replace');
        return;
      }
      items = page.items;
      total = page.total;
      loaded = true;
      error = null;
      settleCreated(current);
    } catch (e) {
      if (current !== loads) {
        return;
      }
      error = e;
      console.error(`Loading ${spec.noun[1]} failed`, e);
    }
    spec.table.removeAttribute('aria-busy');
    render();
  }

  /** Fetches the page again soon; several calls in a row cost one fetch. */
  function refresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(load, REFRESH_DEBOUNCE_MS);
  }

  /** After a fetch that started after their event: on the page (highlighted) or counted in the banner. */
  function settleCreated(current) {
    for (const [id, atLoad] of created) {
      if (atLoad < current) {
        created.delete(id);
        if (items.some((item) => item.id === id)) {
          flash.add(id);
        } else {
          pending.add(id);
        }
      }
    }
    for (const item of items) {
      pending.delete(item.id);
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Rendering

  function render() {
    renderRows();
    renderShown();
    renderPager();
    renderBanner();
  }

  function renderRows() {
    if (!loaded || items.length === 0) {
      rowCache.clear();
      replaceChildren(spec.tbody, emptyRow());
      return;
    }
    syncRows(spec.tbody, items, (item) => spec.row(item, flash.has(item.id)), rowCache);
    flash.clear();
    if (!firstRendered) {
      firstRendered = true;
      // For the browser tests and anyone profiling: when the first page of rows was on screen.
      performance.mark(`${spec.noun[1]}:first-page`);
    }
  }

  function emptyRow() {
    if (!loaded) {
      return error ? messageRow(spec.columns, 'error', `${spec.texts.failed}: ${error.message}`, load)
        : messageRow(spec.columns, 'loading', spec.texts.loading);
    }
    const filtered = state.q || Object.values(state.filters).some(Boolean);
    return messageRow(spec.columns, 'empty', filtered ? spec.texts.noMatch : spec.texts.empty);
  }

  function renderShown() {
    if (!loaded) {
      replaceChildren(spec.shown);
      return;
    }
    const from = items.length ? (state.page - 1) * PAGE_SIZE + 1 : 0;
    const to = from ? from + items.length - 1 : 0;
    const refreshError = error
      ? h('span', { class: 'refresh-error' }, ` · Could not refresh: ${error.message}`, retryButton(load)) : null;
    const shown = items.length
      ? `Showing ${formatNumber(from)}–${formatNumber(to)} of ${formatNumber(total)} ${noun(total)}`
      : `No ${spec.noun[1]} shown`;
    replaceChildren(spec.shown, shown, refreshError);
  }

  function renderPager() {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    pager.hidden = !loaded || pages <= 1;
    replaceChildren(pager,
      h('button', {
        type: 'button', class: 'button small secondary prev', text: 'Previous', disabled: state.page <= 1,
        on: { click: () => setState({ page: state.page - 1 }) },
      }),
      h('span', { class: 'page-of muted', text: `Page ${formatNumber(state.page)} of ${formatNumber(pages)}` }),
      h('button', {
        type: 'button', class: 'button small secondary next', text: 'Next', disabled: state.page >= pages,
        on: { click: () => setState({ page: state.page + 1 }) },
      }));
  }

  function renderBanner() {
    banner.hidden = pending.size === 0;
    if (pending.size === 0) {
      replaceChildren(banner);
      return;
    }
    replaceChildren(banner,
      h('span', { class: 'new-count', text: `${formatNumber(pending.size)} new ${noun(pending.size)}` }), ' — ',
      h('button', {
        type: 'button', class: 'button link show-new', text: 'show',
        'aria-label': `Show the new ${noun(pending.size)}, newest first`,
        // Newest first on the first page, keeping the search and filters: that is where they are.
        on: { click: () => setState({ sort: '-createdAt', page: 1 }) },
      }));
  }

  function noun(count) {
    return count === 1 ? spec.noun[0] : spec.noun[1];
  }

  // -------------------------------------------------------------------------------------------------------
  // Changes from this page

  function removeLocally(id) {
    const before = items.length;
    items = items.filter((item) => item.id !== id);
    if (items.length !== before) {
      total = Math.max(0, total - 1);
      render();
    }
  }

  return {
    /** The item on the page with this id, or undefined. */
    get(id) {
      return items.find((item) => item.id === id);
    },
    /**
     * Shows what this page just saved (its request wrapped in ownChange) at once, highlighted, then fetches the
     * page again for its place in it.
     */
    saved(item) {
      const i = items.findIndex((known) => known.id === item.id);
      if (i >= 0 && !older(item, items[i])) {
        items[i] = item;
      }
      flash.add(item.id);
      render();
      refresh();
      spec.onChange?.();
    },
    /** Asks, deletes, and shows the page without the item; a 404 means it was gone already. */
    async remove(id, texts) {
      if (await deleteAfterAsking(`${spec.endpoint}/${encodeURIComponent(id)}`, id, texts)) {
        removeLocally(id);
        refresh();
        spec.onChange?.();
      }
    },
    reload: load,
  };
}

/** The case-folded text an item's search matches, as the server's `?q=` (contains, ignoring case). */
export function contains(values, q) {
  const needle = (q || '').trim().toLowerCase();
  return !needle || values.some((v) => (v || '').toLowerCase().includes(needle));
}

/** Keeps a page's totals current: fetched now and again shortly after every change (several in a row: once). */
export function liveTotals(url, show) {
  let timer = null;
  async function load() {
    try {
      show(await get(url));
    } catch (e) {
      console.error('Loading totals failed', e);
    }
  }
  load();
  return () => {
    clearTimeout(timer);
    timer = setTimeout(load, 150);
  };
}
