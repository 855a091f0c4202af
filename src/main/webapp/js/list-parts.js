/**
 * What every live list of the dashboards does the same way, whether it shows one server page at a time
 * (js/live-list.js) or holds the whole list (js/live-collection.js): its message row, its subscription to the
 * list's created / updated / deleted events, the toasts of those events and deleting an item after asking.
 */
import { del } from './api.js';
import { on } from './realtime.js';
import { capitalize, confirmDialog, h, ownChange, retryButton, toast, toastChange } from './ui.js';

/**
 * The one row of a list that has no rows to show: `data-state` loading, empty or error (as js/load-state.js
 * says it for the panels), with "Try again" for an error.
 */
export function messageRow(columns, state, text, retry = null) {
  return h('tr', { class: 'message-row', dataset: { state } },
    h('td', { colspan: columns }, text, state === 'error' && retry ? retryButton(retry) : null));
}

/**
 * Subscribes a list to its events: `events` names the kind ('customer': customer:created, customer:updated and
 * customer:deleted) or each event ({ created: 'payment:received' }). Returns a function that stops it.
 */
export function onListEvents(events, { onCreated, onUpdated, onDeleted }) {
  const names = typeof events === 'string'
    ? { created: `${events}:created`, updated: `${events}:updated`, deleted: `${events}:deleted` }
    : events;
  const offs = [[names.created, onCreated], [names.updated, onUpdated], [names.deleted, onDeleted]]
    .filter(([name, handler]) => name && handler)
    .map(([name, handler]) => on(name, handler));
  return () => offs.forEach((stop) => stop());
}

/**
 * How a list reads its events: `itemOf(data)` the item of a created or updated event, `idOf(data)` the id of a
 * deleted one. By default, for events named by kind ('customer'), `data.customer` and `data.customerId`.
 */
export function eventReaders({ events, itemOf, idOf }) {
  return {
    itemOf: itemOf || ((data) => data[events]),
    idOf: idOf || ((data) => data[`${events}Id`]),
  };
}

/**
 * A list's toasts (see announceChange), worded alike on every list: "New customer Acme was added", "Customer Acme
 * was updated", "A customer was deleted", and for a burst "3 customers were updated".
 */
export function changeToasts([one, many], nameOf) {
  const capitalized = capitalize(one);
  return {
    created: { one: (item) => `New ${one} ${nameOf(item)} was added`, many: (n) => `${n} new ${many} were added` },
    updated: { one: (item) => `${capitalized} ${nameOf(item)} was updated`, many: (n) => `${n} ${many} were updated` },
    deleted: { one: () => `A ${one} was deleted`, many: (n) => `${n} ${many} were deleted` },
  };
}

/**
 * Toasts one event of a list (toastChange: the page's own saves are not toasted back; a burst of one event joins
 * into one toast). `text` is {one(item, data, known), many(n)}, and `one` may say nothing (an update not worth a
 * toast); `event` is the event's name, `known` the copy the page had before.
 */
export function announceChange(text, { event, id, item, data, known, kind = 'info' }) {
  const message = text?.one(item, data, known);
  if (message) {
    toastChange(id, message, kind, { group: event, many: text.many });
  }
}

/**
 * Asks, then deletes `url`; true when the item is gone (a 404 means it was gone already), false when the user
 * said no or the delete failed (which a toast says).
 */
export async function deleteAfterAsking(url, id, { title, message, confirmLabel, failed }) {
  if (!(await confirmDialog({ title, message, confirmLabel }))) {
    return false;
  }
  try {
    await ownChange(() => del(url), id);
  } catch (e) {
    if (e.status !== 404) {
      toast(`${failed}: ${e.message}`, 'error');
      return false;
    }
  }
  return true;
}
