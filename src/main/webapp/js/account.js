/**
 * The customer-side dashboard (OWNER, MANAGER, TENANT): the customer's account, kept current by
 * account:updated. The OWNER can edit the account settings (PUT api/account).
 *
 * A TENANT sees what is theirs: their home, their payments, their requests and their notifications; not the
 * customer's settings and counts, nor who else is online or the customer's activity.
 */
import { startActivity } from './activity.js';
import { get, put } from './api.js';
import { startPresence } from './presence.js';
import { on, subscribeToAccountEvents } from './realtime.js';
import { roleLabel } from './session.js';
import { startPayments } from './payments.js';
import { startProperties } from './properties.js';
import { startPage } from './shell.js';
import {
  $,
  capitalize,
  clearErrors,
  field,
  formError,
  formatDate,
  formatMoney,
  formatNumber,
  h,
  onSubmit,
  ownChange,
  replaceChildren,
  retryButton,
  toast,
  toastChange,
} from './ui.js';

const session = startPage({ allowed: ['OWNER', 'MANAGER', 'TENANT'] });
if (session) {
  startAccount(session);
  startProperties(session);
  startPayments(session);
  if (session.user.role === 'TENANT') {
    $('.live-panels').hidden = true;
  } else {
    startPresence(session);
    startActivity();
  }
}

function startAccount(session) {
  const role = session.user.role;
  const isOwner = role === 'OWNER';
  let account = null;
  let deleted = false;
  const dialog = isOwner ? accountDialog() : null;

  const isTenant = role === 'TENANT';
  $('#dashboard-kind').textContent = `${roleLabel(role)} dashboard`;
  // Tenants see who runs their home, not the customer's settings, subscription and counts.
  $('#account-cards').hidden = isTenant;
  if (isTenant) {
    $('#account-title').textContent = `Welcome, ${session.user.name}`;
  }
  const editButton = $('#edit-account');
  editButton.hidden = !isOwner;
  editButton.addEventListener('click', () => dialog.open(account));

  async function load() {
    try {
      show(await get('api/account'));
    } catch (e) {
      if (!account) {
        notice(e.status === 404 ? 'This account no longer exists.' : `The account could not be loaded: ${e.message} `,
          e.status === 404 ? null : load);
      }
    }
  }

  function show(customer) {
    if (account && account.updatedAt && customer.updatedAt
        && Date.parse(customer.updatedAt) < Date.parse(account.updatedAt)) {
      return;
    }
    account = customer;
    if (isTenant) {
      $('#account-updated').textContent = `Your home is managed by ${customer.company}.`;
      document.title = 'Your home · PropertyHub';
      return;
    }
    $('#account-title').textContent = customer.company;
    document.title = `${customer.company} · PropertyHub`;
    $('#account-company').textContent = customer.company || '';
    $('#account-owner').textContent = customer.owner || '';
    $('#account-email').textContent = customer.email || '';
    $('#account-phone').textContent = customer.phone || '—';
    $('#account-plan').textContent = customer.plan?.name || '';
    $('#account-price').textContent = customer.plan ? `${formatMoney(customer.plan.monthlyPrice)} / month` : '';
    $('#account-status').replaceChildren(h('span', { class: `badge status-${customer.status}`, text: capitalize(customer.status) }));
    $('#account-properties').textContent = formatNumber(customer._count?.properties ?? 0);
    $('#account-users').textContent = formatNumber(customer._count?.users ?? 0);
    $('#account-updated').textContent = customer.updatedAt ? `Last updated ${formatDate(customer.updatedAt)}` : '';
    for (const card of document.querySelectorAll('.card')) {
      card.classList.remove('flash');
      void card.offsetWidth; // restart the highlight animation
      card.classList.add('flash');
    }
    dialog?.changedElsewhere(customer);
  }

  function notice(text, retry = null) {
    const el = $('#account-notice');
    replaceChildren(el, text, retry ? retryButton(retry) : null);
    el.hidden = false;
  }

  function accountDialog() {
    const titleId = 'account-dialog-title';
    const stale = h('p', { class: 'notice', role: 'status', hidden: true });
    const form = h('form', { novalidate: true, class: 'form-grid' },
      stale,
      field({ id: 'account-field-company', name: 'company', label: 'Company', required: true, attrs: { autocomplete: 'organization', maxlength: 200 } }),
      field({ id: 'account-field-owner', name: 'owner', label: 'Owner', required: true, attrs: { autocomplete: 'name', maxlength: 200 } }),
      field({ id: 'account-field-email', name: 'email', label: 'Email', type: 'email', required: true, attrs: { autocomplete: 'email', maxlength: 320 } }),
      field({ id: 'account-field-phone', name: 'phone', label: 'Phone', type: 'tel', attrs: { autocomplete: 'tel', maxlength: 50 } }),
      formError(),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button secondary', text: 'Cancel', on: { click: () => el.close() } }),
        h('button', { type: 'submit', class: 'button primary', text: 'Save' })));
    const el = h('dialog', { class: 'dialog', id: 'account-dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId, text: 'Edit account settings' }), form);
    document.body.append(el);
    let openedAt = null;

    onSubmit(form, async (f) => {
      const saved = await ownChange(() => put('api/account', {
        company: f.company.value,
        owner: f.owner.value,
        email: f.email.value.trim(),
        phone: f.phone.value.trim(),
      }), account?.id);
      el.close();
      show(saved);
    });

    return {
      open(customer) {
        if (!customer || deleted) {
          return;
        }
        form.reset();
        clearErrors(form);
        stale.hidden = true;
        openedAt = customer.updatedAt;
        const f = form.elements;
        f.company.value = customer.company || '';
        f.owner.value = customer.owner || '';
        f.email.value = customer.email || '';
        f.phone.value = customer.phone || '';
        el.showModal();
        f.company.focus();
      },
      /** Someone else saved while the form was open: keep the typing, but say so. */
      changedElsewhere(customer) {
        if (el.open && openedAt && customer.updatedAt !== openedAt) {
          stale.textContent = 'These settings were just changed elsewhere. Saving replaces those changes with yours.';
          stale.hidden = false;
        }
      },
      close() {
        if (el.open) {
          el.close();
        }
      },
    };
  }

  subscribeToAccountEvents({
    onUpdated({ customer }) {
      if (!isTenant) {
        toastChange(customer.id, 'Your account information was updated', 'info', { group: 'account:updated' });
      }
      show(customer);
    },
    onDeleted() {
      deleted = true;
      editButton.hidden = true;
      dialog?.close();
      toast('Your account was deleted', 'error');
      notice('This account has been deleted. Contact PropertyHub if you think this is a mistake.');
    },
  });
  on('resync', load);
  on('connect', ({ resumed }) => {
    if (!resumed && !deleted) {
      load();
    }
  });
  load();
}
