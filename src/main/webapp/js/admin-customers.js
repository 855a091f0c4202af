/**
 * Customer management: the list (search and status filter), totals, create / edit / delete, all kept
 * current by customer:* events.
 *
 * The page holds every customer (fetched page by page) and filters in the browser: the totals need all of
 * them anyway, and a live event can then move a customer into or out of the current filter without asking
 * the server again.
 */
import { del, getAll, post, put } from './api.js';
import { Collection } from './collection.js';
import { reloadWhenStale, subscribeToCustomerEvents } from './realtime.js';
import { canWriteCustomers } from './session.js';
import {
  $,
  capitalize,
  clearErrors,
  confirmDialog,
  field,
  formError,
  formatMoney,
  formatNumber,
  h,
  onSubmit,
  ownChange,
  replaceChildren,
  syncRows,
  toast,
  toastChange,
} from './ui.js';

const STATUSES = [['active', 'Active'], ['trial', 'Trial'], ['suspended', 'Suspended'], ['cancelled', 'Cancelled']];
const PLANS = ['Starter', 'Professional', 'Enterprise'];

export function startCustomers(session) {
  const customers = new Collection();
  const canWrite = canWriteCustomers(session.user.role);
  const body = $('#customers-body');
  const search = $('#customer-search');
  const statusFilter = $('#customer-status-filter');
  const dialog = canWrite ? customerDialog() : null;
  let loaded = false;
  let loadError = null;
  /** Rows to highlight on the next render (just created or changed). */
  const changed = new Set();
  const rowCache = new Map();

  const newButton = $('#new-customer');
  newButton.hidden = !canWrite;
  newButton.addEventListener('click', () => dialog.open(null));
  if (!canWrite) {
    $('#customers-table').classList.add('read-only');
    $('#customers-note').textContent = 'Every change made anywhere appears here as it happens. Support staff view customers; an Admin changes them.';
  }
  $('#customer-filters').addEventListener('submit', (e) => e.preventDefault());
  search.addEventListener('input', render);
  statusFilter.addEventListener('change', render);

  async function load() {
    try {
      if (!(await customers.reload(() => getAll('api/customers')))) {
        return;
      }
      loaded = true;
      loadError = null;
    } catch (e) {
      if (!loaded) {
        loadError = e;
      }
      console.error('Loading customers failed', e);
    }
    render();
  }

  function matches(c) {
    const q = search.value.trim().toLowerCase();
    const status = statusFilter.value;
    if (status && c.status !== status) {
      return false;
    }
    return !q || [c.company, c.owner, c.email].some((v) => (v || '').toLowerCase().includes(q));
  }

  function render() {
    const all = customers.values();
    let properties = 0;
    let users = 0;
    for (const c of all) {
      properties += Number(c._count?.properties) || 0;
      users += Number(c._count?.users) || 0;
    }
    $('#count-customers').textContent = loaded ? formatNumber(all.length) : '–';
    $('#count-properties').textContent = loaded ? formatNumber(properties) : '–';
    $('#count-customer-users').textContent = loaded ? formatNumber(users) : '–';

    const shown = all.filter(matches);
    $('#customers-shown').textContent = loaded
      ? `Showing ${formatNumber(shown.length)} of ${formatNumber(all.length)} customers` : '';
    if (!loaded || shown.length === 0) {
      rowCache.clear();
      replaceChildren(body, !loaded
        ? messageRow(loadError ? `Customers could not be loaded: ${loadError.message}` : 'Loading customers…', loadError)
        : messageRow(all.length ? 'No customers match the filter.' : 'No customers yet.'));
      return;
    }
    syncRows(body, shown, row, rowCache);
    changed.clear();
  }

  function messageRow(text, retry) {
    return h('tr', { class: 'message-row' }, h('td', { colspan: 8 }, text,
      retry ? h('button', { type: 'button', class: 'button link', text: 'Try again', on: { click: load } }) : null));
  }

  function row(c) {
    return h('tr', { dataset: { id: c.id }, class: changed.has(c.id) ? 'flash' : null },
      h('th', { scope: 'row', class: 'company' }, c.company),
      h('td', {}, c.owner),
      h('td', { class: 'email' }, c.email),
      h('td', {}, h('span', { class: 'plan-name', text: c.plan?.name || '' }),
        h('span', { class: 'plan-price muted', text: c.plan ? ` ${formatMoney(c.plan.monthlyPrice)}/mo` : '' })),
      h('td', {}, h('span', { class: `badge status-${c.status}`, text: capitalize(c.status) })),
      h('td', { class: 'num', dataset: { col: 'properties' } }, formatNumber(c._count?.properties ?? 0)),
      h('td', { class: 'num', dataset: { col: 'users' } }, formatNumber(c._count?.users ?? 0)),
      h('td', { class: 'actions' }, canWrite ? [
        h('button', {
          type: 'button', class: 'button small secondary edit', 'aria-label': `Edit ${c.company}`, text: 'Edit',
          on: { click: () => dialog.open(customers.get(c.id)) },
        }),
        h('button', {
          type: 'button', class: 'button small danger-outline delete', 'aria-label': `Delete ${c.company}`, text: 'Delete',
          on: { click: () => remove(c.id) },
        }),
      ] : null));
  }

  async function remove(id) {
    const c = customers.get(id);
    if (!c) {
      return;
    }
    const ok = await confirmDialog({
      title: 'Delete customer?',
      message: `Delete ${c.company}? Its users and properties are deleted with it. This cannot be undone.`,
      confirmLabel: 'Delete customer',
    });
    if (!ok) {
      return;
    }
    try {
      await ownChange(() => del(`api/customers/${encodeURIComponent(id)}`), id);
      customers.remove(id);
      render();
    } catch (e) {
      if (e.status === 404) {
        customers.remove(id);
        render();
      } else {
        toast(`Could not delete ${c.company}: ${e.message}`, 'error');
      }
    }
  }

  function customerDialog() {
    const titleId = 'customer-dialog-title';
    const form = h('form', { novalidate: true, class: 'form-grid' },
      field({ id: 'customer-company', name: 'company', label: 'Company', required: true, attrs: { autocomplete: 'organization', maxlength: 200 } }),
      field({ id: 'customer-owner', name: 'owner', label: 'Owner', required: true, attrs: { autocomplete: 'name', maxlength: 200 } }),
      field({ id: 'customer-email', name: 'email', label: 'Email', type: 'email', required: true, attrs: { autocomplete: 'email', maxlength: 320 } }),
      field({ id: 'customer-phone', name: 'phone', label: 'Phone', type: 'tel', attrs: { autocomplete: 'tel', maxlength: 50 } }),
      field({ id: 'customer-plan-name', name: 'plan.name', label: 'Plan', required: true, attrs: { list: 'plan-names', maxlength: 100 } }),
      field({ id: 'customer-plan-price', name: 'plan.monthlyPrice', label: 'Monthly price (USD)', type: 'number', required: true, attrs: { min: 0, step: '0.01', inputmode: 'decimal' } }),
      field({ id: 'customer-status', name: 'status', label: 'Status', options: STATUSES }),
      h('datalist', { id: 'plan-names' }, PLANS.map((p) => h('option', { value: p }))),
      formError(),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button secondary', text: 'Cancel', on: { click: () => el.close() } }),
        h('button', { type: 'submit', class: 'button primary', text: 'Save' })));
    const title = h('h2', { id: titleId });
    const el = h('dialog', { class: 'dialog', id: 'customer-dialog', 'aria-labelledby': titleId }, title, form);
    document.body.append(el);
    let editing = null;

    onSubmit(form, async (f) => {
      const price = f['plan.monthlyPrice'].value.trim();
      const input = {
        company: f.company.value,
        owner: f.owner.value,
        email: f.email.value.trim(),
        phone: f.phone.value.trim(),
        status: f.status.value,
        plan: { name: f['plan.name'].value, monthlyPrice: price === '' ? null : Number(price) },
      };
      const saved = await ownChange(() => (editing
        ? put(`api/customers/${encodeURIComponent(editing.id)}`, input)
        : post('api/customers', input)), editing?.id);
      customers.upsert(saved);
      changed.add(saved.id);
      render();
      el.close();
    });

    return {
      open(customer) {
        editing = customer;
        form.reset();
        clearErrors(form);
        title.textContent = customer ? `Edit ${customer.company}` : 'New customer';
        const f = form.elements;
        if (customer) {
          f.company.value = customer.company || '';
          f.owner.value = customer.owner || '';
          f.email.value = customer.email || '';
          f.phone.value = customer.phone || '';
          f.status.value = customer.status || 'active';
          f['plan.name'].value = customer.plan?.name || '';
          f['plan.monthlyPrice'].value = customer.plan?.monthlyPrice ?? '';
        } else {
          f.status.value = 'active';
          f['plan.name'].value = 'Starter';
          f['plan.monthlyPrice'].value = '49.00';
        }
        el.showModal();
        f.company.focus();
      },
      /** Closes the dialog if it is editing a customer that no longer exists. */
      forget(id) {
        if (el.open && editing && editing.id === id) {
          el.close();
          toast('The customer you were editing was deleted', 'error');
        }
      },
    };
  }

  subscribeToCustomerEvents({
    onCreated({ customer }) {
      toastChange(customer.id, `New customer ${customer.company} was added`, 'success',
        { group: 'customer:created', many: (n) => `${n} new customers were added` });
      customers.upsert(customer);
      changed.add(customer.id);
      render();
    },
    onUpdated({ customer }) {
      toastChange(customer.id, `Customer ${customer.company} was updated`, 'info',
        { group: 'customer:updated', many: (n) => `${n} customers were updated` });
      customers.upsert(customer);
      changed.add(customer.id);
      render();
    },
    onDeleted({ customerId }) {
      toastChange(customerId, 'A customer was deleted', 'info',
        { group: 'customer:deleted', many: (n) => `${n} customers were deleted` });
      customers.remove(customerId);
      dialog?.forget(customerId);
      render();
    },
  });
  reloadWhenStale(load);

  render();
  load();
}
