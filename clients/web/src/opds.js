// Agencies (OPD) are data of the deployment: GET /api/opds → [{code, name}], cached so a
// tablet that reloads offline can still fill its forms.
import { api } from './api.js';
import { storage } from './storage.js';

const CACHE_KEY = 'rakorlive.opds';
let opds = storage.getJson(CACHE_KEY) ?? [];

export async function loadOpds() {
  try {
    const fresh = await api.get('/api/opds');
    if (Array.isArray(fresh)) {
      opds = fresh;
      storage.setJson(CACHE_KEY, fresh);
    }
  } catch {
    // offline: keep the cached list
  }
  return opds;
}

export function opdName(code) {
  return opds.find((o) => o.code === code)?.name ?? code ?? '';
}

/** [{value, label}] for dom.options(). */
export function opdOptions(list = opds) {
  return list.map((o) => ({ value: o.code, label: o.name && o.name !== o.code ? `${o.code} — ${o.name}` : o.code }));
}
