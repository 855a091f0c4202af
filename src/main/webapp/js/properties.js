/**
 * The "Properties" panel of the customer-side dashboard, kept current by property:* events.
 *
 * OWNER and MANAGER see every property of their customer and create, edit and delete them (api/properties).
 * A TENANT sees the property they rent; it changes when the property does (property:updated/deleted) or when
 * an owner or manager moves them (user:updated to their own room).
 */
import { del, getAll, patch, post, put } from './api.js';
import { changeToasts } from './list-parts.js';
import { startLiveCollection } from './live-collection.js';
import { loadWhenLive, on } from './realtime.js';
import { $, clearErrors, field, formatNumber, formDialog, h, ownChange, replaceChildren, showErrors, toast }
  from './ui.js';

export function startProperties(session) {
  const panel = $('#properties-view');
  if (!panel) {
    return;
  }
  panel.hidden = false;
  if (session.user.role === 'TENANT') {
    startTenantHome(panel, session);
  } else {
    startPropertyList(panel);
  }
}

function startPropertyList(panel) {
  const dialog = propertyDialog((saved) => properties.saved(saved));
  const tenancy = tenantsDialog();
  const body = h('tbody', { id: 'properties-body' });
  const count = h('p', { class: 'muted', id: 'properties-count' });
  replaceChildren(panel,
    h('div', { class: 'view-head' },
      h('div', {}, h('h2', { id: 'properties-title', text: 'Properties' }), count),
      h('button', { type: 'button', id: 'new-property', class: 'button primary', text: 'Add property',
        on: { click: () => dialog.open(null) } })),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data narrow', id: 'properties-table' },
        h('caption', { class: 'visually-hidden', text: 'Properties' }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', class: 'clip', text: 'Name' }),
          h('th', { scope: 'col', class: 'clip', text: 'Address' }),
          h('th', { scope: 'col', class: 'num', text: 'Units' }),
          h('th', { scope: 'col', class: 'actions-col' }, h('span', { class: 'visually-hidden', text: 'Actions' })))),
        body)));

  const properties = startLiveCollection({
    tbody: body,
    columns: 4,
    fetchAll: () => getAll('api/properties'),
    endpoint: 'api/properties',
    noun: 'properties',
    texts: {
      loading: 'Loading properties…',
      empty: 'No properties yet.',
      failed: 'The properties could not be loaded',
    },
    row,
    events: 'property',
    announce: {
      ...changeToasts(['property', 'properties'], (p) => p.name),
      // Says which property went, when the page had it.
      deleted: {
        one: (known) => (known ? `Property ${known.name} was removed` : 'A property was removed'),
        many: (n) => `${n} properties were removed`,
      },
    },
    onRender: (items) => {
      count.textContent = `${formatNumber(items.length)} ${items.length === 1 ? 'property' : 'properties'}`;
    },
  });

  function row(p, flash) {
    return h('tr', { dataset: { id: p.id }, class: flash ? 'flash' : null },
      h('th', { scope: 'row', class: 'name' }, p.name),
      h('td', {}, p.address || '—'),
      h('td', { class: 'num' }, formatNumber(p.units)),
      h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'button small secondary tenants', 'aria-label': `Tenants of ${p.name}`,
          text: 'Tenants', on: { click: () => tenancy.open(properties.get(p.id)) } }),
        h('button', { type: 'button', class: 'button small secondary edit', 'aria-label': `Edit ${p.name}`,
          text: 'Edit', on: { click: () => dialog.open(properties.get(p.id)) } }),
        h('button', { type: 'button', class: 'button small danger-outline delete', 'aria-label': `Delete ${p.name}`,
          text: 'Delete', on: { click: () => remove(p) } })));
  }

  function remove(p) {
    return properties.remove(p.id, {
      title: 'Delete property?',
      message: `Delete ${p.name}? Its payments are deleted with it and its tenants no longer rent it. `
        + 'This cannot be undone.',
      confirmLabel: 'Delete property',
      failed: 'The property could not be deleted',
    });
  }
}

function propertyDialog(onSaved) {
  const dialog = formDialog({
    id: 'property-dialog',
    title: 'Add property',
    fields: [
      field({ id: 'property-field-name', name: 'name', label: 'Name', required: true, attrs: { maxlength: 200 } }),
      field({ id: 'property-field-address', name: 'address', label: 'Address', attrs: { maxlength: 500 } }),
      field({ id: 'property-field-units', name: 'units', label: 'Units', type: 'number', required: true,
        attrs: { min: 1, max: 100000, step: 1 } }),
    ],
    async save(f, editing) {
      const units = f.units.value.trim();
      const body = { name: f.name.value, address: f.address.value.trim(), units: units === '' ? null : Number(units) };
      onSaved(await ownChange(() => (editing
        ? patch(`api/properties/${encodeURIComponent(editing.id)}`, body)
        : post('api/properties', body)), editing?.id));
    },
  });

  return {
    open(property) {
      dialog.title.textContent = property ? `Edit ${property.name}` : 'Add property';
      dialog.open(property, (f) => {
        f.name.value = property?.name || '';
        f.address.value = property?.address || '';
        f.units.value = String(property?.units ?? 1);
      });
    },
  };
}

/**
 * Who rents a property: its tenants, each of whom can move out, and a choice of the customer's other tenants
 * to move in (a tenant rents one property, so moving in ends a tenancy elsewhere).
 */
function tenantsDialog() {
  const list = h('ul', { id: 'tenants-list', class: 'tenants-list' });
  let property = null;
  const dialog = formDialog({
    id: 'tenants-dialog',
    title: 'Tenants',
    above: list,
    fields: [field({ id: 'tenant-field-user', name: 'userId', label: 'Move in a tenant', options: [] })],
    saveLabel: 'Move in',
    cancelLabel: 'Close',
    stayOpen: true,
    async save(f) {
      if (f.userId.value) {
        await put(tenancyPath(f.userId.value));
        await refresh();
      }
    },
  });
  const { form } = dialog;

  async function refresh() {
    const [all, renting] = await Promise.all([getAll('api/account/users'),
      getAll(`api/properties/${encodeURIComponent(property.id)}/tenants`)]);
    replaceChildren(list, renting.length ? renting.map((u) => h('li', { dataset: { id: u.id } },
      h('span', { text: `${u.name} ` }),
      h('button', { type: 'button', class: 'button small danger-outline', 'aria-label': `Move out ${u.name}`,
        text: 'Move out', on: { click: () => moveOut(u.id) } })))
      : h('li', { class: 'muted', text: 'Nobody rents this property.' }));
    const others = all.filter((u) => u.role === 'TENANT' && u.propertyId !== property.id);
    replaceChildren(form.elements.userId,
      h('option', { value: '', text: others.length ? 'Choose a tenant' : 'No other tenants' }),
      others.map((u) => h('option', { value: u.id, text: u.name })));
  }

  function tenancyPath(userId) {
    return `api/properties/${encodeURIComponent(property.id)}/tenants/${encodeURIComponent(userId)}`;
  }

  async function moveOut(userId) {
    clearErrors(form);
    try {
      await del(tenancyPath(userId));
      await refresh();
    } catch (e) {
      showErrors(form, e);
    }
  }

  return {
    async open(p) {
      if (!p) {
        return;
      }
      property = p;
      dialog.title.textContent = `Tenants of ${p.name}`;
      try {
        await refresh();
      } catch (e) {
        toast(`The tenants could not be loaded: ${e.message}`, 'error');
        return;
      }
      dialog.open(p);
    },
  };
}

/** A tenant's own home: the one property they rent, or a note that they rent none. */
function startTenantHome(panel, session) {
  let home = null;
  const name = h('dd', { id: 'home-name', text: '–' });
  const address = h('dd', { id: 'home-address', text: '–' });
  const units = h('dd', { id: 'home-units', text: '–' });
  const card = h('section', { class: 'card', 'aria-labelledby': 'properties-title' },
    h('h2', { id: 'properties-title', text: 'Your home' }),
    h('dl', { class: 'details' },
      h('div', {}, h('dt', { text: 'Property' }), name),
      h('div', {}, h('dt', { text: 'Address' }), address),
      h('div', {}, h('dt', { text: 'Units' }), units)));
  replaceChildren(panel, h('div', { class: 'cards' }, card));

  function show(property) {
    home = property;
    name.textContent = property ? property.name : 'You do not rent a property here yet.';
    address.textContent = property ? property.address || '—' : '—';
    units.textContent = property ? formatNumber(property.units) : '—';
    card.classList.remove('flash');
    void card.offsetWidth; // restart the highlight animation
    card.classList.add('flash');
  }

  async function load() {
    try {
      show((await getAll('api/properties'))[0] || null);
    } catch (e) {
      console.error('Loading your property failed', e);
    }
  }

  on('property:updated', ({ property }) => {
    if (home && property.id === home.id) {
      show(property);
      toast(`Your home ${property.name} was updated`, 'info');
    }
  });
  on('property:deleted', ({ propertyId }) => {
    if (home && propertyId === home.id) {
      show(null);
    }
  });
  on('user:updated', ({ user }) => {
    if (user.id === session.user.id && (user.propertyId || null) !== (home?.id || null)) {
      load();
    }
  });
  loadWhenLive(load);
}
