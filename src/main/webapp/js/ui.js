/**
 * Small DOM helpers shared by the pages. Server text only ever reaches the page as text nodes or
 * attribute values (never through innerHTML), so a company called `<img src=x onerror=alert(1)>` shows
 * as exactly that text.
 */

/**
 * Creates an element. `attrs`: `class`, `text`, `dataset` (object), `on` (object of event listeners),
 * boolean properties (`hidden`, `disabled`, ...) and any other attribute. Children: nodes or strings (text).
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
  for (const child of children.flat()) {
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
 * focused control's row is rebuilt, focus moves to the same control in the new row.
 * @param cache a Map kept by the caller between calls (id -> {json, row})
 */
export function syncRows(tbody, items, buildRow, cache) {
  const active = document.activeElement;
  const activeRow = active && active !== document.body && tbody.contains(active) ? active.closest('tr[data-id]') : null;
  const next = new Map();
  const rows = items.map((item) => {
    const json = JSON.stringify(item);
    const known = cache.get(item.id);
    const row = known && known.json === json ? known.row : buildRow(item);
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
    const selector = [active.tagName.toLowerCase(), ...active.classList].join('.');
    next.get(activeRow.dataset.id)?.row.querySelector(selector)?.focus();
  }
  cache.clear();
  next.forEach((value, id) => cache.set(id, value));
}

// ---------------------------------------------------------------------------------------------------------
// Toasts: a polite live region (role=status), so screen readers announce each message once.

const TOAST_MS = 8000;

export function toast(message, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) {
    return;
  }
  const item = h('div', { class: `toast toast-${kind}` },
    h('span', { class: 'toast-text', text: message }),
    h('button', {
      type: 'button', class: 'toast-close', 'aria-label': 'Dismiss notification', text: '\u00d7',
      on: { click: () => item.remove() },
    }));
  region.append(item);
  setTimeout(() => item.remove(), TOAST_MS);
  // Keep the stack short when many events arrive at once.
  while (region.children.length > 5) {
    region.firstElementChild.remove();
  }
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
  const state = status === 'live' ? 'live' : (status === 'connecting' || status === 'reconnecting') ? 'reconnecting' : 'offline';
  el.dataset.state = state;
  const why = status === 'live' ? null : reason;
  el.title = status === 'live' ? 'Updates arrive as they happen' : why ? `${why}${status === 'offline' ? '; retrying' : ''}`
    : status === 'offline' ? 'No connection to the server; retrying' : 'Connecting to live updates';
  replaceChildren(el, h('span', { class: 'conn-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'conn-text', text: STATUS_TEXT[status] || status }),
    state === 'offline' && why ? h('span', { class: 'conn-reason', text: `\u00b7 ${why}` }) : null);
}

// ---------------------------------------------------------------------------------------------------------
// Forms

/**
 * A labelled field. `name` matches the API's field name (also in error details, e.g. `plan.name`).
 * `options` for a select: [[value, label], ...].
 */
export function field({ id, name, label, type = 'text', required = false, options, hint, attrs = {} }) {
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  let control;
  if (options) {
    control = h('select', { id, name, required, ...attrs },
      options.map(([value, text]) => h('option', { value, text })));
  } else {
    control = h('input', { id, name, type, required, ...attrs });
  }
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  return h('div', { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null),
    control,
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

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
          h('button', { type: 'submit', value: 'confirm', class: `button ${danger ? 'danger' : 'primary'}`, text: confirmLabel }))));
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

export function formatMoney(value) {
  const n = Number(value);
  return Number.isFinite(n) ? money.format(n) : '';
}

export function formatNumber(value) {
  return new Intl.NumberFormat().format(value);
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
  if (typeof link !== 'string' || link === '' || /^[\s\u0000-\u001f\\/]/.test(link) || /^[a-z][a-z0-9+.-]*:/i.test(link)) {
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
