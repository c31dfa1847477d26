// HTTP to the RakorLive REST API: bearer token, JSON bodies, problem+json errors.
import { getToken } from './auth.js';
import { t } from './i18n.js';
import wire from './wire.json' with { type: 'json' };

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the server could not be reached
   * @param {object|null} problem the application/problem+json body, when there is one
   */
  constructor(status, problem, message) {
    super(message ?? problemMessage(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** True for failures worth retrying with the same commandId (network, 5xx, 408, 429). */
  get retryable() {
    return isRetryableStatus(this.status);
  }
}

/** Delay before retry number `attempt` (0-based): 1 s, 2 s, 4 s … capped at 30 s. */
export function backoff(attempt) {
  return Math.min(30000, 1000 * 2 ** Math.max(0, attempt));
}

export function isRetryableStatus(status) {
  return status === 0 || status === 408 || status === 425 || status === 429 || status >= 500;
}

/** The human message of a problem+json body (detail, else title, else the field errors). */
export function problemMessage(status, problem) {
  if (problem && typeof problem === 'object') {
    // the server's detail usually repeats the field messages already: say each only once
    const fieldErrors = problem.errors && typeof problem.errors === 'object'
      ? Object.values(problem.errors).flat().filter((m) => m && !String(problem.detail ?? '').includes(m)).join(' ')
      : '';
    const text = [problem.detail, fieldErrors].filter(Boolean).join(' ');
    if (text) return text;
    if (problem.title) return problem.title;
  }
  if (status === 0) return t('common.networkError');
  if (status === 401) return t('common.sessionExpired');
  if (status === 403) return t('common.forbidden');
  if (status === 404) return t('common.notFound');
  return `${t('common.error')} (${status})`;
}

async function readBody(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

/**
 * Sends one request. Resolves with the parsed JSON body (or null); rejects with ApiError.
 * @param {string} method
 * @param {string} path e.g. "/api/meetings"
 * @param {{body?: any, headers?: Record<string,string>, query?: Record<string, any>,
 *   token?: string|null, fetchImpl?: typeof fetch}} [options]
 */
export async function request(method, path, options = {}) {
  const { body, headers = {}, query, fetchImpl = globalThis.fetch } = options;
  const token = options.token === undefined ? getToken() : options.token;
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  const init = {
    method,
    headers: { Accept: 'application/json, application/problem+json', ...headers },
  };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetchImpl(url, init);
  } catch (err) {
    throw new ApiError(0, null, t('common.networkError'));
  }
  const data = await readBody(response).catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
};

/** A fresh command id for an idempotent state-changing request. */
/** The If-Match header of an edit, from the version the client holds. */
export const ifMatch = (version) => ({ [wire.headers.ifMatch]: `"${version}"` });

export function newCommandId() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  // crypto.randomUUID needs a secure context; tablets on plain http over the LAN lack one.
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// commandIds of commands whose last attempt failed in a retryable way, by content, so that
// pressing the button again replays the SAME command instead of issuing a second one.
const unsettledCommands = new Map();

/**
 * Sends a state-changing request with a `commandId` (immediately, no queue: for desktop
 * pages; the tablet uses outbox.js). A retry of identical content reuses the commandId.
 */
export async function sendCommand(method, path, body = {}, options = {}) {
  const key = `${method} ${path} ${JSON.stringify(body)}`;
  const commandId = unsettledCommands.get(key) ?? newCommandId();
  unsettledCommands.set(key, commandId);
  try {
    const result = await request(method, path, { ...options, body: { ...body, commandId } });
    unsettledCommands.delete(key);
    return result;
  } catch (err) {
    if (!(err instanceof ApiError) || !err.retryable) unsettledCommands.delete(key);
    throw err;
  }
}
