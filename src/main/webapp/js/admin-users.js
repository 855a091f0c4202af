/**
 * User management: internal staff (SUPER_ADMIN, ADMIN, SUPPORT), kept current by user:* events. Every admin
 * sees the list; only a SUPER_ADMIN gets the controls to create, edit, deactivate and delete.
 */
import { del, getAll, patch, post, put } from './api.js';
import { Collection } from './collection.js';
import { reloadWhenStale, subscribeToUserEvents } from './realtime.js';
import { canWriteUsers, roleLabel } from './session.js';
import {
  $,
  clearErrors,
  confirmDialog,
  field,
  formError,
  formatNumber,
  h,
  onSubmit,
  ownChange,
  replaceChildren,
  syncRows,
  toast,
  toastChange,
} from './ui.js';

const ROLES = ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'].map((role) => [role, roleLabel(role)]);

export function startUsers(session) {
  const users = new Collection();
  const me = session.user.id;
  const canWrite = canWriteUsers(session.user.role);
  const body = $('#users-body');
  const search = $('#user-search');
  const dialog = canWrite ? userDialog() : null;
  const changed = new Set();
  const rowCache = new Map();
  let loaded = false;
  let loadError = null;

  const newButton = $('#new-user');
  newButton.hidden = !canWrite;
  newButton.addEventListener('click', () => dialog.open(null));
  if (!canWrite) {
    $('#users-note').textContent = 'Internal PropertyHub staff. Only a Super admin can add or change staff accounts.';
    $('#users-table').classList.add('read-only');
  }
  $('#user-filters').addEventListener('submit', (e) => e.preventDefault());
  search.addEventListener('input', render);

  async function load() {
    try {
      if (!(await users.reload(() => getAll('api/users')))) {
        return;
      }
      loaded = true;
      loadError = null;
    } catch (e) {
      if (!loaded) {
        loadError = e;
      }
      console.error('Loading users failed', e);
    }
    render();
  }

  function render() {
    const all = users.values();
    $('#count-users').textContent = loaded ? formatNumber(all.length) : '–';
    $('#count-users-active').textContent = loaded ? formatNumber(all.filter((u) => u.isActive).length) : '–';
    $('#count-super-admins').textContent = loaded ? formatNumber(all.filter((u) => u.role === 'SUPER_ADMIN').length) : '–';
    const q = search.value.trim().toLowerCase();
    const shown = all.filter((u) => !q || [u.name, u.email].some((v) => (v || '').toLowerCase().includes(q)));
    $('#users-shown').textContent = loaded ? `Showing ${formatNumber(shown.length)} of ${formatNumber(all.length)} users` : '';
    if (!loaded || shown.length === 0) {
      rowCache.clear();
      replaceChildren(body, !loaded
        ? messageRow(loadError ? `Users could not be loaded: ${loadError.message}` : 'Loading users…', loadError)
        : messageRow('No users match the search.'));
      return;
    }
    syncRows(body, shown, row, rowCache);
    changed.clear();
  }

  function messageRow(text, retry) {
    return h('tr', { class: 'message-row' }, h('td', { colspan: 6 }, text,
      retry ? h('button', { type: 'button', class: 'button link', text: 'Try again', on: { click: load } }) : null));
  }

  function row(u) {
    const self = u.id === me;
    return h('tr', { dataset: { id: u.id }, class: changed.has(u.id) ? 'flash' : null },
      h('th', { scope: 'row', class: 'name' }, u.name, self ? h('span', { class: 'you muted', text: ' (you)' }) : null),
      h('td', { class: 'email' }, u.email),
      h('td', { dataset: { col: 'role' } }, h('span', { class: `badge role-${u.role}`, text: roleLabel(u.role) })),
      h('td', {}, u.department || ''),
      h('td', { dataset: { col: 'status' } },
        h('span', { class: `badge ${u.isActive ? 'status-active' : 'status-cancelled'}`, text: u.isActive ? 'Active' : 'Inactive' })),
      h('td', { class: 'actions' }, canWrite ? [
        h('button', {
          type: 'button', class: 'button small secondary edit', 'aria-label': `Edit ${u.name}`, text: 'Edit',
          on: { click: () => dialog.open(users.get(u.id)) },
        }),
        self ? null : h('button', {
          type: 'button', class: 'button small secondary toggle-active',
          'aria-label': `${u.isActive ? 'Deactivate' : 'Activate'} ${u.name}`, text: u.isActive ? 'Deactivate' : 'Activate',
          on: { click: () => setActive(u.id, !u.isActive) },
        }),
        self ? null : h('button', {
          type: 'button', class: 'button small danger-outline delete', 'aria-label': `Delete ${u.name}`, text: 'Delete',
          on: { click: () => remove(u.id) },
        }),
      ] : null));
  }

  async function setActive(id, isActive) {
    const u = users.get(id);
    try {
      const saved = await ownChange(() => patch(`api/users/${encodeURIComponent(id)}`, { isActive }), id);
      users.upsert(saved);
      changed.add(saved.id);
      render();
    } catch (e) {
      toast(`Could not ${isActive ? 'activate' : 'deactivate'} ${u ? u.name : 'the user'}: ${e.message}`, 'error');
    }
  }

  async function remove(id) {
    const u = users.get(id);
    if (!u) {
      return;
    }
    const ok = await confirmDialog({
      title: 'Delete user?',
      message: `Delete ${u.name} (${u.email})? They can no longer sign in. This cannot be undone.`,
      confirmLabel: 'Delete user',
    });
    if (!ok) {
      return;
    }
    try {
      await ownChange(() => del(`api/users/${encodeURIComponent(id)}`), id);
      users.remove(id);
      render();
    } catch (e) {
      if (e.status === 404) {
        users.remove(id);
        render();
      } else {
        toast(`Could not delete ${u.name}: ${e.message}`, 'error');
      }
    }
  }

  function userDialog() {
    const titleId = 'user-dialog-title';
    const passwordField = field({
      id: 'user-password', name: 'password', label: 'Password', type: 'password',
      hint: '8–72 characters.', attrs: { autocomplete: 'new-password', minlength: 8, maxlength: 72 },
    });
    const form = h('form', { novalidate: true, class: 'form-grid' },
      field({ id: 'user-name', name: 'name', label: 'Name', required: true, attrs: { autocomplete: 'name', maxlength: 200 } }),
      field({ id: 'user-email', name: 'email', label: 'Email', type: 'email', required: true, attrs: { autocomplete: 'email', maxlength: 320 } }),
      passwordField,
      field({ id: 'user-role', name: 'role', label: 'Role', options: ROLES }),
      field({ id: 'user-department', name: 'department', label: 'Department', attrs: { maxlength: 100 } }),
      field({ id: 'user-status', name: 'isActive', label: 'Status', options: [['true', 'Active'], ['false', 'Inactive']] }),
      formError(),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button secondary', text: 'Cancel', on: { click: () => el.close() } }),
        h('button', { type: 'submit', class: 'button primary', text: 'Save' })));
    const title = h('h2', { id: titleId });
    const el = h('dialog', { class: 'dialog', id: 'user-dialog', 'aria-labelledby': titleId }, title, form);
    document.body.append(el);
    const passwordLabel = $('label[for=user-password]', form);
    const passwordHint = $('#user-password-hint', form);
    let editing = null;

    onSubmit(form, async (f) => {
      const input = {
        name: f.name.value,
        email: f.email.value.trim(),
        role: f.role.value,
        department: f.department.value,
        isActive: f.isActive.value === 'true',
      };
      if (!editing || f.password.value !== '') {
        input.password = f.password.value;
      }
      const saved = await ownChange(() => (editing
        ? put(`api/users/${encodeURIComponent(editing.id)}`, input)
        : post('api/users', { ...input, permissions: [] })), editing?.id);
      users.upsert(saved);
      changed.add(saved.id);
      render();
      el.close();
    });

    return {
      open(user) {
        editing = user;
        form.reset();
        clearErrors(form);
        title.textContent = user ? `Edit ${user.name}` : 'New user';
        passwordLabel.firstChild.textContent = user ? 'New password' : 'Password';
        passwordHint.textContent = user ? 'Leave empty to keep the current password.' : '8–72 characters.';
        const f = form.elements;
        f.password.required = !user;
        if (user) {
          f.name.value = user.name || '';
          f.email.value = user.email || '';
          f.role.value = user.role;
          f.department.value = user.department || '';
          f.isActive.value = String(Boolean(user.isActive));
        } else {
          f.role.value = 'SUPPORT';
          f.isActive.value = 'true';
        }
        el.showModal();
        f.name.focus();
      },
      forget(id) {
        if (el.open && editing && editing.id === id) {
          el.close();
          toast('The user you were editing was deleted', 'error');
        }
      },
    };
  }

  subscribeToUserEvents({
    onCreated({ user }) {
      toastChange(user.id, `New user ${user.name} was added`, 'success',
        { group: 'user:created', many: (n) => `${n} new users were added` });
      users.upsert(user);
      changed.add(user.id);
      render();
    },
    onUpdated({ user }) {
      toastChange(user.id, `User ${user.name} was updated`, 'info',
        { group: 'user:updated', many: (n) => `${n} users were updated` });
      users.upsert(user);
      changed.add(user.id);
      render();
    },
    onDeleted({ userId }) {
      toastChange(userId, 'A user was deleted', 'info',
        { group: 'user:deleted', many: (n) => `${n} users were deleted` });
      users.remove(userId);
      dialog?.forget(userId);
      render();
    },
  });
  reloadWhenStale(load);

  render();
  load();
}
