// localStorage with an in-memory fallback (storage disabled, quota exceeded, node tests).
// A key whose write to localStorage failed is served from memory for this page.
const memory = new Map();

function local() {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null; // access denied
  }
}

export const storage = {
  get(key) {
    if (memory.has(key)) return memory.get(key);
    try {
      return local()?.getItem(key) ?? null;
    } catch {
      return null;
    }
  },
  set(key, value) {
    const ls = local();
    try {
      if (!ls) throw new Error('no localStorage');
      ls.setItem(key, value);
      memory.delete(key);
    } catch {
      memory.set(key, value);
    }
  },
  remove(key) {
    memory.delete(key);
    try {
      local()?.removeItem(key);
    } catch {
      // ignore
    }
  },
  getJson(key) {
    const raw = this.get(key);
    if (raw == null) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  },
  setJson(key, value) {
    this.set(key, JSON.stringify(value));
  },
};
