/**
 * Small DOM helpers shared by the pages. Server text only ever reaches the page as text nodes or
 * attribute values (never through innerHTML), so a company called `<img src=x onerror=alert(1)>` shows
 * as exactly that text.
 */

/**
 * Creates an element. `attrs`: `class`, `text`, `dataset` (object), `on` (object of event listeners),
 * boolean properties (`hidden`, `disabled`, ...) and any other attribute. Children: nodes or strings (text), or
 * arrays of them (at any depth).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'on') {
      for (const [event, listener] of Object.entries(value)) {
        el.addEventListener(event, listener);
      }
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

export function $$(selector, root = document) {
  return [...root.querySelectorAll(selector)];
}

/** Replaces an element's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * Shows `items` as the rows of `tbody`, one per id, reusing the row of an item whose content has not changed:
 * an event or a reload then leaves the other rows (and the control that has the keyboard focus) alone. If the
 * focused control's row is rebuilt, focus moves to the same control in the new row; if that row goes away,
 * to the row that took its place (else the one before it), so a keyboard user does not start again at the top.
 *
 * Each new row is fitted to its table (see fitCells): its cells are labelled with their column's heading (the
 * card layout of narrow screens shows it) and long text is cut short in the columns marked to.
 * @param cache a Map kept by the caller between calls (id -> {json, row})
 */
export function syncRows(tbody, items, buildRow, cache) {
  const active = document.activeElement;
  const activeRow = active && active !== document.body && tbody.contains(active) ? active.closest('tr[data-id]') : null;
  const activeIndex = activeRow ? [...tbody.children].indexOf(activeRow) : -1;
  const next = new Map();
  const rows = items.map((item) => {
    const json = JSON.stringify(item);
    const known = cache.get(item.id);
    const row = known && known.json === json ? known.row : fitCells(tbody, buildRow(item));
    next.set(item.id, { json, row });
    return row;
  });
  const keep = new Set(rows);
  for (const child of [...tbody.children]) {
    if (!keep.has(child)) {
      child.remove();
    }
  }
  rows.forEach((row, i) => {
    if (tbody.children[i] !== row) {
      tbody.insertBefore(row, tbody.children[i] || null);
    }
  });
  if (activeRow && document.activeElement !== active) {
    const selector = controlSelector(active);
    const same = next.get(activeRow.dataset.id)?.row;
    const instead = same || rows[Math.min(activeIndex, rows.length - 1)];
    const target = instead && (instead.querySelector(selector) || instead.querySelector(FOCUSABLE));
    target?.focus();
  }
  cache.clear();
  next.forEach((value, id) => cache.set(id, value));
  watchClipping(tbody);
}

const CONTROLS = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), '
  + 'textarea:not([disabled])';
const FOCUSABLE = `${CONTROLS}, [tabindex]:not([tabindex="-1"])`;

/** A selector for the same control in a rebuilt row: its tag and classes (e.g. `button.button.small.edit`). */
function controlSelector(el) {
  return [el.tagName.toLowerCase(), ...[...el.classList].map((c) => CSS.escape(c))].join('.');
}

/**
 * Fits a new row to its table: each cell gets `data-label` (its column's heading, for the card layout under
 * 640 px), and the text of a cell whose heading has the class `clip` (names, emails, addresses) goes into a
 * span that ends in an ellipsis when it does not fit, with the whole text as its tooltip; the row's focus
 * (or the span's own, see watchClipping) shows it whole.
 */
function fitCells(tbody, row) {
  const heads = tbody.closest('table')?.tHead?.rows[0]?.cells;
  if (!heads) {
    return row;
  }
  [...row.cells].forEach((cell, i) => {
    const head = heads[i];
    if (!head) {
      return;
    }
    const label = head.textContent.trim();
    if (label && !cell.dataset.label) {
      cell.dataset.label = label;
    }
    if (head.classList.contains('clip') && !cell.querySelector('.clip-text')) {
      const span = h('span', { class: 'clip-text', title: cell.textContent.trim() });
      span.append(...cell.childNodes);
      cell.append(span);
    }
  });
  return row;
}

const clipWatched = new WeakSet();

/**
 * Lets a keyboard reach the whole text of a cut-short cell: a span that is cut short in a row without a
 * control of its own becomes focusable (its focus shows the text whole); rows with controls show their text
 * whole while one of them has the keyboard focus. Measured after each render and whenever the table's size changes.
 */
function watchClipping(tbody) {
  const table = tbody.closest('table');
  if (!table) {
    return;
  }
  if (!clipWatched.has(table) && typeof ResizeObserver === 'function') {
    clipWatched.add(table);
    new ResizeObserver(() => markClipped(table)).observe(table);
  }
  requestAnimationFrame(() => markClipped(table));
}

function markClipped(table) {
  const spans = $$('tbody .clip-text', table);
  // Every measurement first, then every change: one layout, not one per span.
  const clipped = spans.map((span) => span.scrollWidth > span.clientWidth + 1);
  spans.forEach((span, i) => {
    const reachable = clipped[i] && !span.closest('tr')?.querySelector(CONTROLS);
    if (reachable) {
      span.tabIndex = 0;
    } else {
      span.removeAttribute('tabindex');
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Toasts: a polite live region (role=status), so screen readers announce each message once. The region is a
// row of its own between the header and the page (css/app.css), never over it: a toast cannot cover a button.

/** How long a toast stays; hovering or focusing it stops the clock. */
const TOAST_MS = 8000;
const TOASTS_SHOWN = 3;
/** A change this page saved is not toasted back when its event arrives within this time. */
const OWN_CHANGE_MS = 15000;

/**
 * Shows a message for a while. `group`, `many(n)` and `key` (what the message is about, e.g. the customer's id):
 * messages of one group that arrive while its toast shows join it, and it then says `many(n)` ("5 customers were
 * updated", n different keys) instead of stacking n toasts; news of the same key again replaces the toast.
 */
export function toast(message, kind = 'info', { group = null, many = null, key = null } = {}) {
  const region = document.getElementById('toasts');
  if (!region) {
    return;
  }
  const joined = group && many ? $$('.toast', region).find((t) => t.dataset.group === group) : null;
  const keys = new Set(joined?.keys || []);
  keys.add(key ?? Symbol('unnamed'));
  if (joined && keys.size > 1) {
    joined.keys = keys;
    setToastText(joined, many(keys.size));
    joined.restartTimer();
    return;
  }
  joined?.remove();
  const text = h('span', { class: 'toast-text' });
  const item = h('div', { class: `toast toast-${kind}`, dataset: group ? { group } : {} },
    text,
    h('button', {
      type: 'button', class: 'toast-close', 'aria-label': 'Dismiss notification', text: '\u00d7',
      on: { click: () => item.remove() },
    }));
  setToastText(item, message);
  item.keys = keys;
  let left = TOAST_MS;
  let startedAt = 0;
  let timer = null;
  const run = () => {
    startedAt = Date.now();
    timer = setTimeout(() => item.remove(), left);
  };
  const pause = () => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
      left = Math.max(1000, left - (Date.now() - startedAt));
    }
  };
  const resume = () => {
    if (timer === null && !item.matches(':hover') && !item.contains(document.activeElement)) {
      run();
    }
  };
  item.restartTimer = () => {
    pause();
    left = TOAST_MS;
    resume();
  };
  item.addEventListener('mouseenter', pause);
  item.addEventListener('focusin', pause);
  item.addEventListener('mouseleave', resume);
  item.addEventListener('focusout', () => setTimeout(resume));
  region.append(item);
  run();
  // Keep the stack short when many events arrive at once.
  while (region.children.length > TOASTS_SHOWN) {
    region.firstElementChild.remove();
  }
}

/**
 * Keeps the page where it is when `row` (the toasts, the offline banner: rows above the scrolling page) grows or
 * shrinks: the page scrolls by as much, so the button under the pointer stays under it instead of moving away
 * between a press and its release.
 */
export function keepPageStill(row) {
  const page = document.querySelector('main');
  if (!row || !page || typeof ResizeObserver !== 'function') {
    return;
  }
  let height = row.offsetHeight;
  new ResizeObserver(() => {
    const now = row.offsetHeight;
    page.scrollTop += now - height;
    height = now;
  }).observe(row);
}

/** The text shows at most three lines (css); the whole of it is the tooltip and what is announced. */
function setToastText(item, message) {
  const text = item.querySelector('.toast-text');
  text.textContent = message;
  text.title = message;
}

/** Ids of objects this page is saving or saved a moment ago (id -> until when), and toasts held meanwhile. */
const ownChanges = new Map();
let savesUnderWay = 0;
let heldToasts = [];

/**
 * Runs `request` (a save or delete of this page) as the signed-in user's own change: the event it causes is
 * not toasted back to them (the page already shows what they did). `id`: the object's, when known before the
 * answer (an edit, a delete); a create's comes with the answer, and an event that arrives before it is held
 * until then.
 */
export async function ownChange(request, id = null) {
  if (id) {
    ownChanges.set(String(id), Date.now() + OWN_CHANGE_MS);
  }
  savesUnderWay++;
  try {
    const saved = await request();
    if (saved && saved.id) {
      ownChanges.set(String(saved.id), Date.now() + OWN_CHANGE_MS);
    }
    return saved;
  } catch (e) {
    if (id) {
      ownChanges.delete(String(id)); // refused: nothing of ours to silence
    }
    throw e;
  } finally {
    savesUnderWay--;
    if (savesUnderWay === 0) {
      const held = heldToasts;
      heldToasts = [];
      held.forEach((args) => toastChange(...args));
    }
  }
}

/**
 * A toast about a change that arrived as an event, unless it is the user's own (see ownChange): each own save
 * silences the one event it causes. Options as for toast().
 */
export function toastChange(id, message, kind = 'info', options = {}) {
  const key = String(id);
  const until = ownChanges.get(key);
  if (until !== undefined) {
    ownChanges.delete(key);
    if (until >= Date.now()) {
      return;
    }
  }
  if (savesUnderWay > 0) {
    heldToasts.push([id, message, kind, options]);
    return;
  }
  toast(message, kind, { key, ...options });
}

/** A "Try again" button for a message saying something could not be loaded. */
export function retryButton(retry) {
  return h('button', { type: 'button', class: 'button link retry', text: 'Try again', on: { click: retry } });
}

// ---------------------------------------------------------------------------------------------------------
// Connection indicator

const STATUS_TEXT = {
  idle: 'Offline',
  connecting: 'Connecting\u2026',
  live: 'Live',
  reconnecting: 'Reconnecting\u2026',
  offline: 'Offline',
  expired: 'Offline',
};

/**
 * Shows live / reconnecting / offline; `data-state` carries the same for styling and tests. When not live, the
 * reason (why the stream cannot be opened) shows beside the state and as the tooltip.
 */
export function showConnection(status, reason = null) {
  const el = document.getElementById('connection');
  if (!el) {
    return;
  }
  const state = status === 'live' ? 'live'
    : (status === 'connecting' || status === 'reconnecting') ? 'reconnecting' : 'offline';
  el.dataset.state = state;
  const why = status === 'live' ? null : reason;
  el.title = status === 'live' ? 'Updates arrive as they happen'
    : why ? `${why}${status === 'offline' ? '; retrying' : ''}`
      : status === 'offline' ? 'No connection to the server; retrying' : 'Connecting to live updates';
  replaceChildren(el, h('span', { class: 'conn-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'conn-text', text: STATUS_TEXT[status] || status }),
    state === 'offline' && why ? h('span', { class: 'conn-reason', text: `\u00b7 ${why}` }) : null);
}

// ---------------------------------------------------------------------------------------------------------
// Forms

/**
 * A labelled field. `name` matches the API's field name (also in error details, e.g. `plan.name`).
 * `options` for a select: [[value, label], ...]; `type: 'textarea'` for several lines. A text field with a
 * `maxlength` shows how much of it is used (see characterCounter).
 */
export function field({ id, name, label, type = 'text', required = false, options, hint, attrs = {} }) {
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  let control;
  if (options) {
    control = h('select', { id, name, required, ...attrs },
      options.map(([value, text]) => h('option', { value, text })));
  } else if (type === 'textarea') {
    control = h('textarea', { id, name, required, rows: 4, ...attrs });
  } else {
    control = h('input', { id, name, type, required, ...attrs });
  }
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  const counted = attrs.maxlength && !options && type !== 'password' && type !== 'number';
  return h('div', { class: 'field' },
    h('label', { for: id }, label,
      required ? h('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null),
    control,
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
    counted ? characterCounter(control) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

/** A customer's contact fields (company, owner, email, phone), with the ids `${prefix}-company` and so on. */
export function contactFields(prefix) {
  return [
    field({ id: `${prefix}-company`, name: 'company', label: 'Company', required: true,
      attrs: { autocomplete: 'organization', maxlength: 200 } }),
    field({ id: `${prefix}-owner`, name: 'owner', label: 'Owner', required: true,
      attrs: { autocomplete: 'name', maxlength: 200 } }),
    field({ id: `${prefix}-email`, name: 'email', label: 'Email', type: 'email', required: true,
      attrs: { autocomplete: 'email', maxlength: 320 } }),
    field({ id: `${prefix}-phone`, name: 'phone', label: 'Phone', type: 'tel',
      attrs: { autocomplete: 'tel', maxlength: 50 } }),
  ];
}

/** Say how many characters are left once this share of the limit is used (and when typing pauses). */
const COUNTER_ANNOUNCE_FROM = 0.8;
const COUNTER_ANNOUNCE_AFTER_MS = 1000;

/**
 * "12 / 200" under a capped field, so typing does not stop silently at the limit. Screen readers hear the
 * limit with the field ("Up to 200 characters") and, politely and only once typing pauses near the limit, how
 * many are left. The count follows typing and is set again whenever a control of its form gets the focus
 * (a dialog fills its fields by script, then focuses one).
 */
export function characterCounter(control) {
  const max = Number(control.getAttribute('maxlength'));
  const limitId = `${control.id}-limit`;
  const visible = h('span', { class: 'counter-count', 'aria-hidden': 'true' });
  const spoken = h('span', { class: 'visually-hidden', id: `${control.id}-count-live`, 'aria-live': 'polite' });
  const el = h('p', { class: 'counter', id: `${control.id}-count` },
    h('span', { class: 'visually-hidden', id: limitId, text: `Up to ${max} characters.` }), visible, spoken);
  const describedBy = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  control.setAttribute('aria-describedby', [...describedBy, limitId].join(' '));
  let timer = null;
  const update = () => {
    const used = control.value.length;
    visible.textContent = `${used} / ${max}`;
    el.classList.toggle('full', used >= max);
    return used;
  };
  control.addEventListener('input', () => {
    const used = update();
    clearTimeout(timer);
    timer = setTimeout(() => {
      const left = max - used;
      const remaining = left <= 0 ? `Limit reached: ${max} characters.`
        : `${left} ${left === 1 ? 'character' : 'characters'} left.`;
      spoken.textContent = used >= max * COUNTER_ANNOUNCE_FROM ? remaining : '';
    }, COUNTER_ANNOUNCE_AFTER_MS);
  });
  control.counter = update;
  update();
  return el;
}

document.addEventListener('focusin', (e) => {
  const form = e.target instanceof Element ? e.target.closest('form') : null;
  for (const control of form ? form.elements : []) {
    control.counter?.();
  }
});
document.addEventListener('reset', (e) => {
  setTimeout(() => [...e.target.elements].forEach((control) => control.counter?.()));
}, true);

/**
 * Handles a form's submit: clears earlier errors, disables its submit button while `save(form.elements)` runs,
 * and shows the API's field errors next to the fields when it fails.
 */
export function onSubmit(form, save) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await save(form.elements);
    } catch (e) {
      showErrors(form, e);
    } finally {
      button.disabled = false;
    }
  });
}

export function clearErrors(form) {
  for (const control of $$('[aria-invalid]', form)) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') || '').split(' ')
      .filter((id) => id && !id.endsWith('-error')).join(' ');
    if (describedBy) {
      control.setAttribute('aria-describedby', describedBy);
    } else {
      control.removeAttribute('aria-describedby');
    }
  }
  for (const p of $$('.field-error', form)) {
    p.textContent = '';
    p.hidden = true;
  }
  const summary = $('.form-error', form);
  if (summary) {
    summary.textContent = '';
    summary.hidden = true;
  }
}

/**
 * Shows an ApiError on a form: each detail next to its field (matched by name, or by prefix: `plan` goes to
 * `plan.name`), the rest in the form's summary. Focuses the first field in error.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const unmatched = [];
  let first = null;
  for (const detail of error.details || []) {
    const control = detail.field ? findControl(form, detail.field) : null;
    if (!control) {
      unmatched.push(detail.field ? `${detail.field} ${detail.message}` : detail.message);
      continue;
    }
    const p = document.getElementById(`${control.id}-error`);
    const label = form.querySelector(`label[for="${control.id}"]`);
    const name = label ? label.firstChild.textContent : detail.field;
    // Validation messages read after the field's name ("Email must be an email address"); conflicts are sentences.
    const text = /^[A-Z]/.test(detail.message) ? detail.message : `${name} ${detail.message}`;
    p.textContent = p.textContent ? `${p.textContent}; ${text}` : text;
    p.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    const describedBy = new Set((control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
    describedBy.add(p.id);
    control.setAttribute('aria-describedby', [...describedBy].join(' '));
    first = first || control;
  }
  const summary = $('.form-error', form);
  if (summary && (unmatched.length || !first)) {
    const parts = first ? unmatched : [error.message, ...unmatched.filter((m) => m !== error.message)];
    summary.textContent = parts.join(' ');
    summary.hidden = false;
  }
  (first || summary)?.focus();
}

function findControl(form, fieldName) {
  const exact = form.elements.namedItem(fieldName);
  if (exact instanceof Element) {
    return exact;
  }
  return [...form.elements].find((el) => el.name && el.name.startsWith(fieldName + '.')) || null;
}

/** A summary slot for errors that belong to no single field (role=alert: announced at once). */
export function formError() {
  return h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
}

// ---------------------------------------------------------------------------------------------------------
// Dialogs

/**
 * Where the focus was before the last dialog opened: the control, and, in a list, its row and table body, to
 * find the same control in the row that replaces it (a save re-renders the changed row).
 */
let lastOutside = null;

document.addEventListener('focusin', (e) => {
  const el = e.target;
  if (!(el instanceof Element) || el.closest('dialog')) {
    return;
  }
  const row = el.closest('tr[data-id]');
  const tbody = row?.closest('tbody[id]');
  lastOutside = { el, rowId: row?.dataset.id ?? null, tbodyId: tbody?.id ?? null, selector: controlSelector(el) };
});

/** Sets the contactFields of a form from a customer (empty without one). */
export function fillContact(elements, customer) {
  for (const name of ['company', 'owner', 'email', 'phone']) {
    elements[name].value = customer?.[name] || '';
  }
}

/**
 * A modal dialog with a form: its title, the fields, the form's error line and Cancel / Save. On submit,
 * `save(form.elements)` runs (onSubmit: its errors show in the form) and the dialog closes once it succeeds.
 * @param save(elements, editing)  `editing`: the item given to open (null for a new one)
 * @param above       shown between the title and the form (e.g. a list the form adds to)
 * @param stayOpen    the dialog stays open after a save (a form that adds one thing after another)
 * @returns {el, form, title, open(item, fill), forget(id, message)}: open resets the form and its errors, lets
 *   `fill(form.elements)` set the values, shows the dialog and focuses its first field; forget closes it, saying
 *   `message`, when it is editing the item with that id (deleted elsewhere)
 */
export function formDialog({
  id, title = '', fields, save, saveLabel = 'Save', cancelLabel = 'Cancel', above = null, stayOpen = false,
}) {
  const titleId = `${id}-title`;
  const heading = h('h2', { id: titleId, text: title });
  const form = h('form', { novalidate: true, class: 'form-grid' },
    fields,
    formError(),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'button secondary', text: cancelLabel, on: { click: () => el.close() } }),
      h('button', { type: 'submit', class: 'button primary', text: saveLabel })));
  const el = h('dialog', { class: 'dialog', id, 'aria-labelledby': titleId }, heading, above, form);
  document.body.append(el);
  let editing = null;
  onSubmit(form, async (elements) => {
    await save(elements, editing);
    if (!stayOpen) {
      el.close();
    }
  });
  return {
    el,
    form,
    title: heading,
    open(item = null, fill = () => {}) {
      editing = item;
      form.reset();
      clearErrors(form);
      fill(form.elements);
      el.showModal();
      form.querySelector('input, select, textarea')?.focus();
    },
    forget(itemId, message) {
      if (el.open && editing && editing.id === itemId) {
        el.close();
        toast(message, 'error');
      }
    },
  };
}

/**
 * After a dialog closes (saved, cancelled or dismissed), focus returns to the control that opened it or, when a
 * save rebuilt that control's row, to the same control in the new row, or to the row's place in the list.
 */
document.addEventListener('close', (e) => {
  if (!(e.target instanceof HTMLDialogElement) || document.querySelector('dialog[open]')) {
    return;
  }
  const from = lastOutside;
  const focused = document.activeElement;
  if (!from || (focused && focused !== document.body && focused.isConnected && !focused.closest('dialog'))) {
    return;
  }
  if (from.el.isConnected) {
    from.el.focus();
    return;
  }
  const tbody = from.tbodyId ? document.getElementById(from.tbodyId) : null;
  const row = tbody && from.rowId !== null ? tbody.querySelector(`tr[data-id="${CSS.escape(from.rowId)}"]`) : null;
  (row?.querySelector(from.selector) || row?.querySelector(FOCUSABLE))?.focus();
}, true);

/** Asks for confirmation in a modal <dialog>; resolves true only when the person confirms. */
export function confirmDialog({ title, message, confirmLabel = 'Delete', danger = true }) {
  return new Promise((resolve) => {
    const titleId = 'confirm-title';
    const dialog = h('dialog', { class: 'dialog confirm', 'aria-labelledby': titleId },
      h('form', { method: 'dialog' },
        h('h2', { id: titleId, text: title }),
        h('p', { class: 'confirm-message', text: message }),
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'submit', value: 'cancel', class: 'button secondary', text: 'Cancel', autofocus: true }),
          h('button', {
            type: 'submit', value: 'confirm', class: `button ${danger ? 'danger' : 'primary'}`, text: confirmLabel,
          }))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });
const number = new Intl.NumberFormat();

export function formatMoney(value) {
  const n = Number(value);
  return Number.isFinite(n) ? money.format(n) : '';
}

export function formatNumber(value) {
  return number.format(value);
}

export function formatDate(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "active" -> "Active". */
export function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

/**
 * `link` as an absolute URL of a page of this app, or null when it could lead anywhere else: only a relative
 * path (such as `account.html#maintenance/…`) is followed. Refused: any scheme (`https:`, script URLs), a
 * protocol-relative `//host` or `/\host`, a leading space or control character, and whatever still resolves
 * to another origin.
 */
export function appLink(link) {
  // A leading control character is refused on purpose (browsers strip them before reading the scheme).
  // eslint-disable-next-line no-control-regex
  if (typeof link !== 'string' || link === '' || /^[\s\u0000-\u001f\\/]/.test(link)
      || /^[a-z][a-z0-9+.-]*:/i.test(link)) {
    return null;
  }
  let url;
  try {
    url = new URL(link, location.href);
  } catch {
    return null;
  }
  return url.origin === location.origin ? url.href : null;
}
