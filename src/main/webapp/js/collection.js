/**
 * A list of API objects kept by id and shown newest first (the API's own order), so a page can apply
 * created/updated/deleted events in any mix with reloads and always show each object once.
 */
export class Collection {
  constructor() {
    this.byId = new Map();
    this.loads = 0;
    /** Changes applied while a reload is in flight, replayed onto its (possibly older) snapshot. */
    this.journals = new Set();
  }

  /**
   * Replaces the contents with `fetchAll()`'s items. Only the latest of overlapping reloads is kept, and
   * events that arrived while it was in flight are applied again on top of it.
   * @returns false when a newer reload superseded this one
   */
  async reload(fetchAll) {
    const load = ++this.loads;
    const journal = [];
    this.journals.add(journal);
    try {
      const items = await fetchAll();
      if (load !== this.loads) {
        return false;
      }
      this.byId = new Map(items.map((item) => [item.id, item]));
      journal.forEach((change) => change());
      return true;
    } finally {
      this.journals.delete(journal);
    }
  }

  /** Adds or replaces; an older copy (by updatedAt) never overwrites a newer one. */
  upsert(item) {
    this.record(() => this.put(item));
    return this.put(item);
  }

  remove(id) {
    this.record(() => this.byId.delete(id));
    return this.byId.delete(id);
  }

  get(id) {
    return this.byId.get(id);
  }

  get size() {
    return this.byId.size;
  }

  /** Newest first, then by id, as the API sorts. */
  values() {
    return [...this.byId.values()].sort((a, b) => (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0)
      || String(a.id).localeCompare(String(b.id)));
  }

  put(item) {
    const known = this.byId.get(item.id);
    if (known && older(item, known)) {
      return false;
    }
    this.byId.set(item.id, item);
    return true;
  }

  record(change) {
    for (const journal of this.journals) {
      journal.push(change);
    }
  }
}

/** Whether `item` is an older copy (by updatedAt) than `known`. */
export function older(item, known) {
  return Boolean(known.updatedAt && item.updatedAt && Date.parse(item.updatedAt) < Date.parse(known.updatedAt));
}
