/**
 * User management: internal staff (SUPER_ADMIN, ADMIN, SUPPORT), server-paged, sorted and searched
 * (js/live-list.js) and kept current by user:* events. Every admin sees the list; only a SUPER_ADMIN gets the
 * controls to create, edit, deactivate and delete.
 */
import { patch, post, put } from './api.js';
import { changeToasts } from './list-parts.js';
import { contains, liveTotals, startLiveList } from './live-list.js';
import { canWriteUsers, roleLabel } from './session.js';
import { $, field, formatNumber, formDialog, h, ownChange, toast } from './ui.js';

const ROLES = ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'].map((role) => [role, roleLabel(role)]);

export function startUsers(session) {
  const me = session.user.id;
  const canWrite = canWriteUsers(session.user.role);
  const dialog = canWrite ? userDialog() : null;

  const newButton = $('#new-user');
  newButton.hidden = !canWrite;
  newButton.addEventListener('click', () => dialog.open(null));
  if (!canWrite) {
    $('#users-note').textContent = 'Internal PropertyHub staff. Only a Super admin can add or change staff accounts.';
    $('#users-table').classList.add('read-only');
  }
  $('#user-filters').addEventListener('submit', (e) => e.preventDefault());

  const totalsChanged = liveTotals('api/users/totals', showTotals);
  const users = startLiveList({
    endpoint: 'api/users',
    param: (name) => `staff-${name}`,
    table: $('#users-table'),
    tbody: $('#users-body'),
    columns: 6,
    search: $('#user-search'),
    shown: $('#users-shown'),
    defaultSort: '-createdAt',
    noun: ['user', 'users'],
    texts: {
      loading: 'Loading users…',
      empty: 'No users yet.',
      noMatch: 'No users match the search.',
      failed: 'Users could not be loaded',
    },
    row,
    matches: (u, { q }) => contains([u.name, u.email], q),
    events: 'user',
    announce: changeToasts(['user', 'users'], (u) => u.name),
    onDeleted: (id) => dialog?.forget(id),
    onChange: totalsChanged,
  });

  function showTotals(totals) {
    $('#count-users').textContent = formatNumber(totals.users);
    $('#count-users-active').textContent = formatNumber(totals.active);
    $('#count-super-admins').textContent = formatNumber(totals.superAdmins);
  }

  function row(u, flash) {
    const self = u.id === me;
    return h('tr', { dataset: { id: u.id }, class: flash ? 'flash' : null },
      h('th', { scope: 'row', class: 'name' }, u.name, self ? h('span', { class: 'you muted', text: ' (you)' }) : null),
      h('td', { class: 'email' }, u.email),
      h('td', { dataset: { col: 'role' } }, h('span', { class: `badge role-${u.role}`, text: roleLabel(u.role) })),
      h('td', {}, u.department || ''),
      h('td', { dataset: { col: 'status' } },
        h('span', {
          class: `badge ${u.isActive ? 'status-active' : 'status-cancelled'}`, text: u.isActive ? 'Active' : 'Inactive',
        })),
      h('td', { class: 'actions' }, canWrite ? rowActions(u, self) : null));
  }

  function rowActions(u, self) {
    return [
      h('button', {
        type: 'button', class: 'button small secondary edit', 'aria-label': `Edit ${u.name}`, text: 'Edit',
        on: { click: () => dialog.open(users.get(u.id)) },
      }),
      self ? null : h('button', {
        type: 'button', class: 'button small secondary toggle-active',
        'aria-label': `${u.isActive ? 'Deactivate' : 'Activate'} ${u.name}`,
        text: u.isActive ? 'Deactivate' : 'Activate',
        on: { click: () => setActive(u, !u.isActive) },
      }),
      self ? null : h('button', {
        type: 'button', class: 'button small danger-outline delete', 'aria-label': `Delete ${u.name}`, text: 'Delete',
        on: { click: () => remove(u) },
      }),
    ];
  }

  async function setActive(u, isActive) {
    try {
      users.saved(await ownChange(() => patch(`api/users/${encodeURIComponent(u.id)}`, { isActive }), u.id));
    } catch (e) {
      toast(`Could not ${isActive ? 'activate' : 'deactivate'} ${u.name}: ${e.message}`, 'error');
    }
  }

  function remove(u) {
    return users.remove(u.id, {
      title: 'Delete user?',
      message: `Delete ${u.name} (${u.email})? They can no longer sign in. This cannot be undone.`,
      confirmLabel: 'Delete user',
      failed: `Could not delete ${u.name}`,
    });
  }

  function userDialog() {
    const dialog = formDialog({
      id: 'user-dialog',
      fields: [
        field({ id: 'user-name', name: 'name', label: 'Name', required: true,
          attrs: { autocomplete: 'name', maxlength: 200 } }),
        field({ id: 'user-email', name: 'email', label: 'Email', type: 'email', required: true,
          attrs: { autocomplete: 'email', maxlength: 320 } }),
        field({
          id: 'user-password', name: 'password', label: 'Password', type: 'password',
          hint: '8–72 characters.', attrs: { autocomplete: 'new-password', minlength: 8, maxlength: 72 },
        }),
        field({ id: 'user-role', name: 'role', label: 'Role', options: ROLES }),
        field({ id: 'user-department', name: 'department', label: 'Department', attrs: { maxlength: 100 } }),
        field({ id: 'user-status', name: 'isActive', label: 'Status',
          options: [['true', 'Active'], ['false', 'Inactive']] }),
      ],
      async save(f, editing) {
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
        users.saved(saved);
      },
    });
    const passwordLabel = $('label[for=user-password]', dialog.form);
    const passwordHint = $('#user-password-hint', dialog.form);

    return {
      open(user) {
        dialog.title.textContent = user ? `Edit ${user.name}` : 'New user';
        passwordLabel.firstChild.textContent = user ? 'New password' : 'Password';
        passwordHint.textContent = user ? 'Leave empty to keep the current password.' : '8–72 characters.';
        dialog.open(user, (f) => {
          f.password.required = !user;
          f.name.value = user?.name || '';
          f.email.value = user?.email || '';
          f.role.value = user?.role || 'SUPPORT';
          f.department.value = user?.department || '';
          f.isActive.value = user ? String(Boolean(user.isActive)) : 'true';
        });
      },
      /** Closes the dialog if it is editing a user that no longer exists. */
      forget: (id) => dialog.forget(id, 'The user you were editing was deleted'),
    };
  }
}
