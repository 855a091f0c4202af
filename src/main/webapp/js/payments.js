/**
 * The "Payments" panel of the customer-side dashboard: rent payments with this month's totals, kept current
 * by payment:received (which the server sends only to the customer's owners and managers and to the paying
 * tenant, so a tenant's page only ever hears of their own payments).
 *
 * Everyone records payments (POST api/payments): a tenant for themself, an owner or manager for any tenant.
 */
import { get, getAll, post } from './api.js';
import { startLiveCollection } from './live-collection.js';
import { loadWhenLive, on } from './realtime.js';
import { $, field, formatDate, formatMoney, formatNumber, formDialog, h, ownChange, replaceChildren,
  toast } from './ui.js';

/** The current month as the API writes it ("2026-11"), in UTC like the server's default. */
function thisMonth() {
  return new Date().toISOString().slice(0, 7);
}

export function startPayments(session) {
  const panel = $('#payments-view');
  if (!panel) {
    return;
  }
  panel.hidden = false;
  const isTenant = session.user.role === 'TENANT';
  const dialog = paymentDialog(isTenant, (saved) => payments.saved(saved));

  const monthTotal = h('dd', { id: 'payments-month-total', text: '–' });
  const monthCount = h('dd', { id: 'payments-month-count', text: '–' });
  const perProperty = h('ul', { class: 'muted', id: 'payments-per-property' });
  const body = h('tbody', { id: 'payments-body' });
  replaceChildren(panel,
    h('div', { class: 'view-head' },
      h('div', {}, h('h2', { id: 'payments-title', text: isTenant ? 'Your payments' : 'Payments' }),
        h('p', {
          class: 'muted', text: isTenant ? 'Rent you paid, as it is recorded.' : 'Rent received, as it is recorded.',
        })),
      h('button', { type: 'button', id: 'new-payment', class: 'button primary', text: 'Record payment',
        on: { click: () => dialog.open() } })),
    // The month's totals and their split by property are the business's figures, not a tenant's.
    isTenant ? null : h('dl', { class: 'stats' },
      h('div', { class: 'stat' }, h('dt', { text: 'Received this month' }), monthTotal),
      h('div', { class: 'stat' }, h('dt', { text: 'Payments this month' }), monthCount)),
    isTenant ? null : perProperty,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data narrow', id: 'payments-table' },
        h('caption', { class: 'visually-hidden', text: 'Payments' }),
        h('thead', {}, h('tr', {},
          isTenant ? null : h('th', { scope: 'col', class: 'clip', text: 'Tenant' }),
          h('th', { scope: 'col', class: 'clip', text: 'Property' }),
          h('th', { scope: 'col', text: 'Month' }),
          h('th', { scope: 'col', class: 'num', text: 'Amount' }),
          h('th', { scope: 'col', text: 'Paid' }),
          h('th', { scope: 'col', text: 'Note' }))),
        body)));

  const payments = startLiveCollection({
    tbody: body,
    columns: isTenant ? 5 : 6,
    // The newest 200 are enough for a dashboard; the totals cover everything.
    fetchAll: async () => (await get('api/payments?limit=200')).items,
    // Newest payment first, as the API sorts.
    order: (items) => items.sort((a, b) => Date.parse(b.paidAt) - Date.parse(a.paidAt)
      || Date.parse(b.createdAt) - Date.parse(a.createdAt)),
    noun: 'payments',
    texts: {
      loading: 'Loading payments…',
      empty: 'No payments yet.',
      failed: 'The payments could not be loaded',
    },
    row,
    events: { created: 'payment:received' },
    itemOf: (data) => data.payment,
    announce: {
      created: { one: (p) => `Payment of ${formatMoney(p.amount)} received`, many: (n) => `${n} payments received` },
    },
    onChange: loadTotals,
  });
  if (!isTenant) {
    loadWhenLive(loadTotals);
    // A renamed or deleted property changes the names and totals shown here.
    for (const name of ['property:updated', 'property:deleted']) {
      on(name, () => {
        payments.reload();
        loadTotals();
      });
    }
  }

  async function loadTotals() {
    if (isTenant) {
      return;
    }
    try {
      const totals = await get(`api/payments/totals?month=${thisMonth()}`);
      monthTotal.textContent = formatMoney(totals.amount);
      monthCount.textContent = formatNumber(totals.payments);
      replaceChildren(perProperty, totals.items.map((row) => h('li', { dataset: { property: row.propertyId } },
        `${row.propertyName}: ${formatMoney(row.amount)} (${formatNumber(row.payments)})`)));
    } catch (e) {
      console.error('Loading payment totals failed', e);
    }
  }

  function row(p, flash) {
    return h('tr', { dataset: { id: p.id }, class: flash ? 'flash' : null },
      // A tenant's payments are all their own: no Tenant column for them.
      isTenant ? null : h('th', { scope: 'row', class: 'tenant' }, p.tenantName || 'Former tenant'),
      h(isTenant ? 'th' : 'td', { scope: isTenant ? 'row' : null, class: 'property' }, p.propertyName || ''),
      h('td', {}, p.month),
      h('td', { class: 'num amount' }, formatMoney(p.amount)),
      h('td', {}, formatDate(p.paidAt)),
      h('td', { class: 'muted' }, p.note || ''));
  }
}

function paymentDialog(isTenant, onSaved) {
  const dialog = formDialog({
    id: 'payment-dialog',
    title: 'Record a payment',
    fields: [
      // An owner or manager picks whose payment it is; a tenant records their own.
      ...(isTenant ? [] : [
        field({ id: 'payment-field-tenant', name: 'tenantId', label: 'Tenant', required: true, options: [] }),
        field({ id: 'payment-field-property', name: 'propertyId', label: 'Property', required: true, options: [] }),
      ]),
      field({ id: 'payment-field-amount', name: 'amount', label: 'Amount', type: 'number', required: true,
        attrs: { min: '0.01', step: '0.01', inputmode: 'decimal' } }),
      field({ id: 'payment-field-month', name: 'month', label: 'Month', type: 'month', required: true }),
      field({ id: 'payment-field-note', name: 'note', label: 'Note', attrs: { maxlength: 500 } }),
    ],
    async save(f) {
      const amount = f.amount.value.trim();
      const body = { amount: amount === '' ? null : amount, month: f.month.value || null, note: f.note.value };
      if (!isTenant) {
        body.tenantId = f.tenantId.value || null;
        body.propertyId = f.propertyId.value || null;
      }
      onSaved(await ownChange(() => post('api/payments', body)));
    },
  });
  const form = dialog.form;
  let tenants = [];

  if (!isTenant) {
    // Picking a tenant picks the property they rent.
    form.elements.tenantId.addEventListener('change', () => {
      const t = tenants.find((u) => u.id === form.elements.tenantId.value);
      if (t?.propertyId) {
        form.elements.propertyId.value = t.propertyId;
      }
    });
  }

  async function fillChoices() {
    const [users, properties] = await Promise.all([getAll('api/account/users'), getAll('api/properties')]);
    tenants = users.filter((u) => u.role === 'TENANT');
    replaceChildren(form.elements.tenantId, h('option', { value: '', text: 'Choose a tenant' }),
      tenants.map((u) => h('option', { value: u.id, text: u.name })));
    replaceChildren(form.elements.propertyId, h('option', { value: '', text: 'Choose a property' }),
      properties.map((p) => h('option', { value: p.id, text: p.name })));
  }

  return {
    async open() {
      if (!isTenant) {
        try {
          await fillChoices();
        } catch (e) {
          toast(`Tenants and properties could not be loaded: ${e.message}`, 'error');
          return;
        }
      }
      dialog.open(null, (f) => {
        f.month.value = thisMonth();
      });
    },
  };
}
