/**
 * The customer-side dashboard (OWNER, MANAGER, TENANT): the customer's account, kept current by
 * account:updated. The OWNER can edit the account settings (PUT api/account).
 *
 * A TENANT sees what is theirs: their home, their payments, their requests and their notifications; not the
 * customer's settings and counts, nor who else is online or the customer's activity.
 */
import { get, put } from './api.js';
import { older } from './collection.js';
import { startLivePanels } from './live-panels.js';
import { startMaintenance } from './maintenance.js';
import { startNotifications } from './notifications.js';
import { loadWhenLive, on } from './realtime.js';
import { roleLabel } from './session.js';
import { startPayments } from './payments.js';
import { startProperties } from './properties.js';
import { startPage } from './shell.js';
import { $, capitalize, contactFields, fillContact, formatDate, formatMoney, formatNumber, formDialog, h, ownChange,
  replaceChildren, retryButton, toast, toastChange } from './ui.js';

const session = startPage({ allowed: ['OWNER', 'MANAGER', 'TENANT'] });
if (session) {
  startAccount(session);
  startProperties(session);
  startPayments(session);
  if (session.user.role !== 'TENANT') {
    startLivePanels(session);
  }
  startMaintenance(session);
  startNotifications(session);
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
    if (deleted) {
      return;
    }
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
    if (account && older(customer, account)) {
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
    $('#account-status').replaceChildren(
      h('span', { class: `badge status-${customer.status}`, text: capitalize(customer.status) }));
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
    const stale = h('p', { class: 'notice', role: 'status', hidden: true });
    let openedAt = null;
    const dialog = formDialog({
      id: 'account-dialog',
      title: 'Edit account settings',
      fields: [stale, contactFields('account-field')],
      async save(f) {
        const saved = await ownChange(() => put('api/account', {
          company: f.company.value,
          owner: f.owner.value,
          email: f.email.value.trim(),
          phone: f.phone.value.trim(),
        }), account?.id);
        openedAt = null; // our own save is no change made elsewhere
        show(saved);
      },
    });

    return {
      open(customer) {
        if (!customer || deleted) {
          return;
        }
        stale.hidden = true;
        openedAt = customer.updatedAt;
        dialog.open(customer, (f) => fillContact(f, customer));
      },
      /** Someone else saved while the form was open: keep the typing, but say so. */
      changedElsewhere(customer) {
        if (dialog.el.open && openedAt && customer.updatedAt !== openedAt) {
          stale.textContent = 'These settings were just changed elsewhere. Saving replaces those changes with yours.';
          stale.hidden = false;
        }
      },
      close() {
        if (dialog.el.open) {
          dialog.el.close();
        }
      },
    };
  }

  on('account:updated', ({ customer }) => {
    if (!isTenant) {
      toastChange(customer.id, 'Your account information was updated', 'info', { group: 'account:updated' });
    }
    show(customer);
  });
  on('account:deleted', () => {
    deleted = true;
    editButton.hidden = true;
    dialog?.close();
    toast('Your account was deleted', 'error');
    notice('This account has been deleted. Contact PropertyHub if you think this is a mistake.');
  });
  loadWhenLive(load);
}
