// Evidence files for progress reports that must survive weak wifi: the file is kept in
// IndexedDB under the report's commandId until the report is acknowledged, so a report
// queued offline (outbox.js) uploads its file on reconnect. Uploads are idempotent by the
// file's hash on the server, so a retry after a lost answer returns the same evidenceId.
import { ApiError } from './api.js';
import { getToken } from './auth.js';
import { t } from './i18n.js';

const DB = 'rakorlive-evidence';
const STORE = 'files';

function open() {
  return new Promise((resolve, reject) => {
    if (!globalThis.indexedDB) { reject(new Error('IndexedDB unavailable')); return; }
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run(mode, action) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = action(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(req?.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

/** Keeps the file (a Blob with its name and type) under key. */
export const keepFile = (key, file) => run('readwrite', (s) => s.put({ blob: file, name: file.name, type: file.type }, key));
export const readFile = (key) => run('readonly', (s) => s.get(key));
export const dropFile = (key) => run('readwrite', (s) => s.delete(key)).catch(() => {});

/** POST /api/action-points/{id}/evidence (multipart, one file) → {evidenceId, ...}; errors as ApiError (the outbox retries 0/5xx). */
export async function uploadEvidence(actionPointId, blob, name) {
  const form = new FormData();
  form.append('file', blob, name || 'bukti');
  const headers = { Accept: 'application/json, application/problem+json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`/api/action-points/${encodeURIComponent(actionPointId)}/evidence`, { method: 'POST', headers, body: form });
  } catch {
    throw new ApiError(0, null, t('common.networkError'));
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/**
 * The outbox's sender for progress reports with files: uploads each kept file first, then sends
 * the report with their evidenceIds. Other commands pass straight through.
 */
export function withEvidence(send) {
  return async (method, path, options = {}) => {
    const body = options.body ?? {};
    if (!Array.isArray(body.evidenceFiles) || body.evidenceFiles.length === 0) return send(method, path, options);
    const actionPointId = decodeURIComponent(path.split('/')[3] ?? '');
    const evidenceIds = [...(body.evidenceIds ?? [])];
    for (const file of body.evidenceFiles) {
      const kept = await readFile(file.key).catch(() => null);
      if (!kept) throw new ApiError(400, { title: t('progress.fileLost'), detail: t('progress.fileLost') });
      const uploaded = await uploadEvidence(actionPointId, kept.blob, kept.name ?? file.name);
      evidenceIds.push(uploaded.evidenceId);
    }
    const { evidenceFiles, ...rest } = body;
    const result = await send(method, path, { ...options, body: { ...rest, evidenceIds } });
    for (const file of evidenceFiles) await dropFile(file.key);
    return result;
  };
}
