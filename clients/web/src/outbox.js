// Commands that must survive weak wifi: kept in localStorage, sent in order, retried with
// the SAME commandId until acknowledged. 2xx = done; 4xx = final (the person is told
// why); network errors, 5xx, 408 and 429 = retried with backoff; 401 = held until the
// person signs in again (the command is not lost).
import { ApiError, backoff, isRetryableStatus, request } from './api.js';
import { storage } from './storage.js';

export const OUTBOX_KEY = 'rakorlive.outbox';

/**
 * @typedef {{commandId: string, method: string, path: string, body: object,
 *   headers?: Record<string,string>, label: string, meta?: object, createdAt: string,
 *   attempts: number, lastError?: string|null, held?: boolean}} OutboxEntry
 */

export class Outbox {
  /**
   * @param {object} [options]
   * @param {string} [options.key] localStorage key
   * @param {(method: string, path: string, options: object) => Promise<any>} [options.send]
   * @param {(entries: OutboxEntry[]) => void} [options.onChange] after every change of the queue
   * @param {(entry: OutboxEntry, result: any) => void} [options.onAck]
   * @param {(entry: OutboxEntry, error: ApiError) => void} [options.onReject] final 4xx
   * @param {(fn: () => void, ms: number) => any} [options.schedule]
   */
  constructor({ key = OUTBOX_KEY, send = request, onChange, onAck, onReject, schedule } = {}) {
    this.key = key;
    this.send = send;
    this.onChange = onChange ?? (() => {});
    this.onAck = onAck ?? (() => {});
    this.onReject = onReject ?? (() => {});
    this.schedule = schedule ?? ((fn, ms) => setTimeout(fn, ms));
    this.flushing = null;
    this.again = false;
    this.timer = null;
  }

  /** @returns {OutboxEntry[]} the queue, oldest first (read fresh: other tabs share it) */
  entries() {
    const list = storage.getJson(this.key);
    return Array.isArray(list) ? list : [];
  }

  get size() {
    return this.entries().length;
  }

  save(list) {
    storage.setJson(this.key, list);
    this.onChange(list);
  }

  update(commandId, changes) {
    this.save(this.entries().map((e) => (e.commandId === commandId ? { ...e, ...changes } : e)));
  }

  remove(commandId) {
    this.save(this.entries().filter((e) => e.commandId !== commandId));
  }

  /**
   * Queues a command (body.commandId is its identity) and starts sending.
   * @returns {OutboxEntry}
   */
  enqueue({ method = 'POST', path, body, headers, label, meta }) {
    if (!body?.commandId) throw new Error('outbox commands need body.commandId');
    const entry = {
      commandId: body.commandId,
      method,
      path,
      body,
      headers: headers ?? {},
      label: label ?? `${method} ${path}`,
      meta: meta ?? {},
      createdAt: new Date().toISOString(),
      attempts: 0,
      lastError: null,
      held: false,
    };
    const list = this.entries().filter((e) => e.commandId !== entry.commandId);
    this.save([...list, entry]);
    this.flush();
    return entry;
  }

  /** Releases commands held for sign-in and sends now. */
  resume() {
    const list = this.entries();
    if (list.some((e) => e.held)) this.save(list.map((e) => ({ ...e, held: false })));
    return this.flush();
  }

  /** Sends the queue in order; single flight. Resolves when it stops (empty, waiting, held). */
  flush() {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        let outcome;
        do {
          this.again = false;
          outcome = await this.sendAll();
        } while (this.again && outcome !== 'waiting'); // after a failed try the timer decides
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  async sendAll() {
    for (;;) {
      const entry = this.entries()[0];
      if (!entry) return 'empty';
      if (entry.held) return 'held'; // in order: nothing overtakes a held command
      let result;
      try {
        result = await this.send(entry.method, entry.path, { body: entry.body, headers: entry.headers });
      } catch (err) {
        const error = err instanceof ApiError ? err : new ApiError(0, null, String(err?.message ?? err));
        if (error.status === 401) {
          // token expired or missing: keep every command until the person signs in again
          this.save(this.entries().map((e) => ({ ...e, held: true, lastError: error.message })));
          return 'held';
        }
        if (isRetryableStatus(error.status)) {
          const attempts = (entry.attempts ?? 0) + 1;
          this.update(entry.commandId, { attempts, lastError: error.message });
          this.retryIn(backoff(attempts - 1));
          return 'waiting'; // later commands wait: order matters (add, then edit)
        }
        this.remove(entry.commandId);
        this.onReject(entry, error);
        continue;
      }
      this.remove(entry.commandId);
      this.onAck(entry, result);
    }
  }

  retryIn(ms) {
    if (this.timer) return;
    this.timer = this.schedule(() => {
      this.timer = null;
      this.flush();
    }, ms);
  }
}
