/**
 * Customer management: the list (server-paged, sorted and searched: js/live-list.js), totals, create / edit /
 * delete, all kept current by customer:* events.
 */
import { post, put } from './api.js';
import { changeToasts } from './list-parts.js';
import { contains, liveTotals, startLiveList } from './live-list.js';
import { canWriteCustomers } from './session.js';
import { $, capitalize, contactFields, field, fillContact, formatMoney, formatNumber, formDialog, h,
  ownChange } from './ui.js';

const STATUSES = [['active', 'Active'], ['trial', 'Trial'], ['suspended', 'Suspended'], ['cancelled', 'Cancelled']];
const PLANS = ['Starter', 'Professional', 'Enterprise'];

export function startCustomers(session) {
  const canWrite = canWriteCustomers(session.user.role);
  const dialog = canWrite ? customerDialog() : null;

  const newButton = $('#new-customer');
  newButton.hidden = !canWrite;
  newButton.addEventListener('click', () => dialog.open(null));
  if (!canWrite) {
    $('#customers-table').classList.add('read-only');
    $('#customers-note').textContent = 'Every change made anywhere appears here as it happens. '
      + 'Support staff view customers; an Admin changes them.';
  }
  $('#customer-filters').addEventListener('submit', (e) => e.preventDefault());

  const totalsChanged = liveTotals('api/customers/totals', showTotals);
  const customers = startLiveList({
    endpoint: 'api/customers',
    param: (name) => name,
    table: $('#customers-table'),
    tbody: $('#customers-body'),
    columns: 8,
    search: $('#customer-search'),
    filters: { status: $('#customer-status-filter') },
    shown: $('#customers-shown'),
    defaultSort: '-createdAt',
    noun: ['customer', 'customers'],
    texts: {
      loading: 'Loading customers…',
      empty: 'No customers yet.',
      noMatch: 'No customers match the filter.',
      failed: 'Customers could not be loaded',
    },
    row,
    matches: (c, { q, filters }) => (!filters.status || c.status === filters.status)
      && contains([c.company, c.owner, c.email], q),
    events: 'customer',
    announce: changeToasts(['customer', 'customers'], (c) => c.company),
    onDeleted: (id) => dialog?.forget(id),
    onChange: totalsChanged,
  });

  function showTotals(totals) {
    $('#count-customers').textContent = formatNumber(totals.customers);
    $('#count-properties').textContent = formatNumber(totals.properties);
    $('#count-customer-users').textContent = formatNumber(totals.users);
  }

  function row(c, flash) {
    return h('tr', { dataset: { id: c.id }, class: flash ? 'flash' : null },
      h('th', { scope: 'row', class: 'company' }, c.company),
      h('td', {}, c.owner),
      h('td', { class: 'email' }, c.email),
      h('td', {}, h('span', { class: 'plan-name', text: c.plan?.name || '' }),
        h('span', { class: 'plan-price muted', text: c.plan ? ` ${formatMoney(c.plan.monthlyPrice)}/mo` : '' })),
      h('td', {}, h('span', { class: `badge status-${c.status}`, text: capitalize(c.status) })),
      h('td', { class: 'num', dataset: { col: 'properties' } }, formatNumber(c._count?.properties ?? 0)),
      h('td', { class: 'num', dataset: { col: 'users' } }, formatNumber(c._count?.users ?? 0)),
      h('td', { class: 'actions' }, canWrite ? rowActions(c) : null));
  }

  function rowActions(c) {
    return [
      h('button', {
        type: 'button', class: 'button small secondary edit', 'aria-label': `Edit ${c.company}`, text: 'Edit',
        on: { click: () => dialog.open(customers.get(c.id)) },
      }),
      h('button', {
        type: 'button', class: 'button small danger-outline delete', 'aria-label': `Delete ${c.company}`,
        text: 'Delete',
        on: { click: () => remove(c) },
      }),
    ];
  }

  function remove(c) {
    return customers.remove(c.id, {
      title: 'Delete customer?',
      message: `Delete ${c.company}? Its users and properties are deleted with it. This cannot be undone.`,
      confirmLabel: 'Delete customer',
      failed: `Could not delete ${c.company}`,
    });
  }

  function customerDialog() {
    const dialog = formDialog({
      id: 'customer-dialog',
      fields: [
        contactFields('customer'),
        field({ id: 'customer-plan-name', name: 'plan.name', label: 'Plan', required: true,
          attrs: { list: 'plan-names', maxlength: 100 } }),
        field({ id: 'customer-plan-price', name: 'plan.monthlyPrice', label: 'Monthly price (USD)', type: 'number',
          required: true, attrs: { min: 0, step: '0.01', inputmode: 'decimal' } }),
        field({ id: 'customer-status', name: 'status', label: 'Status', options: STATUSES }),
        h('datalist', { id: 'plan-names' }, PLANS.map((p) => h('option', { value: p }))),
      ],
      async save(f, editing) {
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
        customers.saved(saved);
      },
    });

    return {
      open(customer) {
        dialog.title.textContent = customer ? `Edit ${customer.company}` : 'New customer';
        dialog.open(customer, (f) => {
          fillContact(f, customer);
          f.status.value = customer?.status || 'active';
          f['plan.name'].value = customer ? customer.plan?.name || '' : 'Starter';
          f['plan.monthlyPrice'].value = customer ? customer.plan?.monthlyPrice ?? '' : '49.00';
        });
      },
      /** Closes the dialog if it is editing a customer that no longer exists. */
      forget: (id) => dialog.forget(id, 'The customer you were editing was deleted'),
    };
  }
}
