/**
 * A list the page holds whole (a customer's properties, the newest payments), kept by id in a Collection and
 * live by the list's events: a created or updated item shows at once, highlighted; a deleted one goes. Events that
 * arrive while a load is under way are applied on top of its answer. Loaded once the stream is live, and again when
 * what it shows may be stale (loadWhenLive). A list too long to hold is server-paged: js/live-list.js.
 */
import { Collection } from './collection.js';
import { announceChange, deleteAfterAsking, eventReaders, messageRow, onListEvents } from './list-parts.js';
import { loadWhenLive } from './realtime.js';
import { replaceChildren, syncRows } from './ui.js';

/**
 * @param spec
 *   tbody, columns    the table's body, and how many columns its message row spans
 *   fetchAll()        the whole list (a promise of an array)
 *   order(items)      the items in the order shown (default: newest first, as the API sorts)
 *   endpoint          where remove(id) deletes: `${endpoint}/${id}`
 *   noun              'properties' (for the console)
 *   texts             {loading, empty, failed}
 *   row(item, flash)  builds a row (a `tr` with data-id); rows go in through syncRows (ui.js)
 *   events, itemOf(data), idOf(data)  'property' or {created: 'payment:received'} (onListEvents, eventReaders)
 *   announce          {created, updated, deleted}: each {one(item, data, known), many(n)}, as toasts; `known`: the
 *                     copy the page had before an update
 *   onRender(items)   after each render once loaded (counts); onChange() after every event and save (totals)
 *   onLoad()          after each load that succeeded
 */
export function startLiveCollection(spec) {
  const items = new Collection();
  const rowCache = new Map();
  const flash = new Set();
  let loaded = false;
  let error = null;

  const { itemOf, idOf } = eventReaders(spec);
  onListEvents(spec.events, {
    onCreated(data, { event }) {
      const item = itemOf(data);
      show(item);
      announceChange(spec.announce.created, { event, id: item.id, item, data, kind: 'success' });
      spec.onChange?.();
    },
    onUpdated(data, { event }) {
      const item = itemOf(data);
      const known = items.get(item.id);
      show(item);
      announceChange(spec.announce.updated, { event, id: item.id, item, data, known });
      spec.onChange?.();
    },
    onDeleted(data, { event }) {
      const id = idOf(data);
      const known = items.get(id);
      items.remove(id);
      render();
      announceChange(spec.announce.deleted, { event, id, item: known, data });
      spec.onChange?.();
    },
  });
  render();
  loadWhenLive(load);

  async function load() {
    try {
      if (await items.reload(spec.fetchAll)) {
        loaded = true;
        error = null;
        render();
        spec.onLoad?.();
      }
    } catch (e) {
      // What was shown stays (the next reload corrects it); with nothing shown yet, say why.
      console.error(`Loading ${spec.noun} failed`, e);
      if (!loaded) {
        error = e;
        render();
      }
    }
  }

  function render() {
    const shown = spec.order ? spec.order(items.values()) : items.values();
    if (loaded) {
      spec.onRender?.(shown);
    }
    if (loaded && shown.length) {
      syncRows(spec.tbody, shown, (item) => spec.row(item, flash.has(item.id)), rowCache);
      flash.clear();
      return;
    }
    rowCache.clear();
    replaceChildren(spec.tbody, loaded ? messageRow(spec.columns, 'empty', spec.texts.empty)
      : error ? messageRow(spec.columns, 'error', `${spec.texts.failed}: ${error.message} `, load)
        : messageRow(spec.columns, 'loading', spec.texts.loading));
  }

  /** Shows an item that is new or changed, highlighted. */
  function show(item) {
    flash.add(item.id);
    items.upsert(item);
    render();
  }

  return {
    /** The item with this id, or undefined. */
    get(id) {
      return items.get(id);
    },
    /** Shows what this page just saved (its request wrapped in ownChange) at once, highlighted. */
    saved(item) {
      show(item);
      spec.onChange?.();
    },
    /** Asks, deletes, and shows the list without the item; a 404 means it was gone already. */
    async remove(id, texts) {
      if (await deleteAfterAsking(`${spec.endpoint}/${encodeURIComponent(id)}`, id, texts)) {
        items.remove(id);
        render();
        spec.onChange?.();
      }
    },
    /** Builds the rows again (all, or the one with this id): what they show changed besides their items. */
    redraw(id = null) {
      if (id === null) {
        rowCache.clear();
      } else {
        rowCache.delete(id);
      }
      render();
    },
    reload: load,
  };
}
