/**
 * Maintenance on the customer dashboard. OWNER and MANAGER: the customer's requests, live, with status and
 * assignee controls. TENANT: "My requests" with a form to open one. Everyone: a request's comment thread with
 * a "… is typing" line (the transient maintenance:typing signal). Started by js/account.js; it adds its section
 * to the page by itself.
 */
import { get, getAll, patch, post } from './api.js';
import { startLiveCollection } from './live-collection.js';
import { on } from './realtime.js';
import { $, field, formatDate, formError, h, onSubmit, replaceChildren, toast } from './ui.js';

const STATUSES = [['open', 'Open'], ['in_progress', 'In progress'], ['resolved', 'Resolved'], ['closed', 'Closed']];
const STATUS_LABEL = Object.fromEntries(STATUSES);
/** Send "typing" at most this often while the user types; the server allows 5 a second. */
const TYPING_EVERY_MS = 2000;
/** The longest comment the server takes (CommentInput). */
const COMMENT_MAX = 2000;
/** Hide "… is typing" when no new signal came for this long. */
const TYPING_SHOWN_MS = 4000;

export function startMaintenance(session) {
  const me = session.user;
  const staff = me.role !== 'TENANT';
  let managers = [];
  let openId = null;
  /** The status the open thread shows: a change to it reads the thread again. */
  let shownStatus = null;
  let typingTimer = null;
  let lastTypingSent = 0;
  let first = true;

  const rows = h('tbody', { id: 'maintenance-rows' });
  const detail = h('section', {
    class: 'card maintenance-detail', id: 'maintenance-detail', hidden: true, 'aria-live': 'polite',
  });
  const form = staff ? null : newRequestForm();
  const section = h('section', { class: 'view maintenance', id: 'maintenance', 'aria-labelledby': 'maintenance-title' },
    h('div', { class: 'view-head' },
      h('h2', { id: 'maintenance-title', text: staff ? 'Maintenance' : 'Your requests' })),
    form,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data', id: 'maintenance-list' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', class: 'clip', text: 'Request' }),
          staff ? h('th', { scope: 'col', class: 'clip', text: 'Requested by' }) : null,
          h('th', { scope: 'col', text: 'Status' }),
          h('th', { scope: 'col', text: 'Assignee' }),
          h('th', { scope: 'col', text: 'Updated' }))),
        rows)),
    detail);
  $('#main')?.append(section);

  // Events carry the request without its thread (and a new comment by itself): the open thread is read again.
  const requests = startLiveCollection({
    tbody: rows,
    columns: staff ? 5 : 4,
    fetchAll: async () => (await get('api/maintenance?limit=200')).items,
    order: (items) => items.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)),
    noun: 'maintenance requests',
    texts: { loading: 'Loading requests…', empty: 'No requests yet.', failed: 'Requests could not be loaded' },
    row,
    events: { created: 'maintenance:created', updated: 'maintenance:updated' },
    itemOf: (data) => data.request,
    announce: {
      created: {
        one: (r) => (staff && r.requester?.id !== me.id ? `New maintenance request ${r.title}` : null),
        many: (n) => `${n} new maintenance requests`,
      },
      updated: {
        one: (r, data, known) => (known && known.status !== r.status
          ? `Request ${r.title} is now ${(STATUS_LABEL[r.status] || r.status).toLowerCase()}` : null),
        many: (n) => `${n} requests changed status`,
      },
    },
    onLoad() {
      if (first) {
        first = false;
        fromHash(); // a link to one request opens it once the list is there
      } else if (openId) {
        openRequest(openId);
      }
    },
  });
  on('maintenance:updated', ({ request, comment }) => {
    if (openId === request.id && (comment || shownStatus !== request.status)) {
      openRequest(request.id);
    }
  });

  async function loadManagers() {
    if (!staff) {
      return;
    }
    try {
      managers = (await getAll('api/account/users')).filter((u) => u.role === 'MANAGER');
      requests.redraw(); // every row's assignee choices change
      markOpen();
    } catch {
      managers = [];
    }
  }

  /** Marks the row of the open request. */
  function markOpen() {
    for (const tr of rows.children) {
      tr.classList.toggle('selected', tr.dataset.id === openId);
    }
  }

  function row(r) {
    const status = staff
      ? h('select', {
        class: 'maintenance-status', 'aria-label': `Status of ${r.title}`,
        on: { change: (e) => change(r, { status: e.target.value }) },
      },
        STATUSES.map(([value, text]) => h('option', { value, text, selected: value === r.status })))
      : h('span', { class: `badge maintenance-${r.status}`, text: STATUS_LABEL[r.status] || r.status });
    const assignee = staff
      ? h('select', {
        class: 'maintenance-assignee', 'aria-label': `Assignee of ${r.title}`,
        on: { change: (e) => change(r, { assigneeId: e.target.value }) },
      },
        h('option', { value: '', text: 'Unassigned', disabled: true, selected: !r.assignee }),
        managers.map((m) => h('option', { value: m.id, text: m.name, selected: r.assignee?.id === m.id })),
        r.assignee && !managers.some((m) => m.id === r.assignee.id)
          ? h('option', { value: r.assignee.id, text: r.assignee.name, selected: true }) : null)
      : h('span', { text: r.assignee?.name || '—' });
    return h('tr', { dataset: { id: r.id }, class: r.id === openId ? 'selected' : null },
      h('td', {}, h('a', { href: `#maintenance/${r.id}`, class: 'maintenance-open', text: r.title }),
        r.commentCount ? h('span', { class: 'muted', text: ` (${r.commentCount})` }) : null),
      staff ? h('td', { text: r.requester?.name || '' }) : null,
      h('td', {}, status),
      h('td', {}, assignee),
      h('td', { text: formatDate(r.updatedAt) }));
  }

  async function change(r, body) {
    if (body.assigneeId === '') {
      return;
    }
    try {
      saved(await patch(`api/maintenance/${encodeURIComponent(r.id)}`, body));
    } catch (e) {
      toast(`The request could not be changed: ${e.message}`, 'error');
      requests.redraw(r.id); // its controls show the refused choice: build the row again from the stored request
    }
  }

  function newRequestForm() {
    const el = h('form', { id: 'maintenance-form', class: 'form-grid card', novalidate: true },
      field({ id: 'maintenance-field-title', name: 'title', label: 'What needs fixing?', required: true,
        attrs: { maxlength: 200 } }),
      field({ id: 'maintenance-field-description', name: 'description', label: 'Details', type: 'textarea',
        required: true,
        attrs: { maxlength: 5000, rows: 5 } }),
      formError(),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'submit', class: 'button primary', text: 'Open request' })));
    onSubmit(el, async (f) => {
      const created = await post('api/maintenance', { title: f.title.value, description: f.description.value });
      saved(created);
      el.reset();
      toast(`Request ${created.title} opened`, 'success');
    });
    return el;
  }

  /** Shows a request this page saved (the answer carries its thread: the open thread shows it). */
  function saved(r) {
    requests.saved({ ...r, comments: undefined });
    markOpen();
    if (openId === r.id && r.comments) {
      renderDetail(r);
    }
  }

  async function openRequest(id) {
    openId = id;
    try {
      renderDetail(await get(`api/maintenance/${encodeURIComponent(id)}`));
      markOpen();
    } catch (e) {
      detail.hidden = false;
      replaceChildren(detail,
        h('p', { class: 'notice', text: e.status === 404 ? 'This request does not exist.' : e.message }));
    }
  }

  function renderDetail(r) {
    shownStatus = r.status;
    const typing = h('p', { class: 'muted maintenance-typing', id: 'maintenance-typing', hidden: true });
    const comment = h('textarea', {
      id: 'maintenance-comment', name: 'body', rows: 3, maxlength: COMMENT_MAX, required: true, 'aria-label': 'Comment',
    });
    comment.addEventListener('input', () => {
      const now = Date.now();
      if (now - lastTypingSent > TYPING_EVERY_MS) {
        lastTypingSent = now;
        post(`api/maintenance/${encodeURIComponent(r.id)}/typing`, {}).catch(() => {});
      }
    });
    const commentForm = h('form', { id: 'maintenance-comment-form', novalidate: true },
      h('div', { class: 'field' }, comment,
        h('p', { class: 'field-error', id: 'maintenance-comment-error', hidden: true })),
      formError(),
      h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Comment' })));
    onSubmit(commentForm, async () => {
      await post(`api/maintenance/${encodeURIComponent(r.id)}/comments`, { body: comment.value });
      comment.value = '';
      openRequest(r.id);
    });
    detail.hidden = false;
    detail.dataset.id = r.id;
    replaceChildren(detail,
      h('div', { class: 'view-head' },
        h('div', {},
          h('h3', { id: 'maintenance-detail-title', text: r.title }),
          h('p', {
            class: 'muted',
            text: `${STATUS_LABEL[r.status] || r.status} · opened by ${r.requester?.name || ''} `
              + formatDate(r.createdAt),
          })),
        h('button', { type: 'button', class: 'button ghost', text: 'Close', on: { click: closeDetail } })),
      h('p', { class: 'maintenance-description', text: r.description }),
      h('ol', { class: 'maintenance-comments', id: 'maintenance-comments' },
        (r.comments || []).map((c) => h('li', { class: 'maintenance-comment' },
          h('p', { class: 'muted', text: `${c.author?.name || ''} · ${formatDate(c.createdAt)}` }),
          h('p', { text: c.body })))),
      typing,
      commentForm);
  }

  function closeDetail() {
    openId = null;
    detail.hidden = true;
    if (location.hash.startsWith('#maintenance/')) {
      history.replaceState(null, '', location.pathname + location.search);
    }
    markOpen();
  }

  function fromHash() {
    const m = /^#maintenance\/([0-9a-fA-F-]{36})$/.exec(location.hash);
    if (m) {
      openRequest(m[1]);
      section.scrollIntoView({ block: 'start' });
    }
  }

  on('maintenance:typing', ({ requestId, userId, name }) => {
    const line = $('#maintenance-typing');
    if (openId !== requestId || userId === me.id || !line) {
      return;
    }
    line.textContent = `${name} is typing\u2026`;
    line.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      line.hidden = true;
    }, TYPING_SHOWN_MS);
  });
  window.addEventListener('hashchange', fromHash);
  loadManagers();
}
