// Live meeting events over the SignalR hub, applied exactly once and strictly in seq order.
//
// The rules (the server's meeting grain is the single writer of the sequence):
//  - keep lastSeq and epoch; an event with seq <= lastSeq is a duplicate and is dropped;
//  - events that arrive while JoinMeeting is in flight are buffered and applied afterwards;
//  - a gap (seq > lastSeq + 1) or another epoch makes the client call
//    JoinMeeting(meetingId, lastSeq) again, which answers {snapshot?, events[]};
//  - on reconnect the client calls JoinMeeting(meetingId, lastSeq) again;
//  - if the server's answer itself cannot be applied in order (still a gap, another epoch
//    without a snapshot), the client reloads the snapshot over REST and joins from its seq.
import * as signalR from '@microsoft/signalr';
import { api, backoff } from './api.js';
import { getToken } from './auth.js';
import { applyEvent, fromSnapshot } from './meeting-state.js';
import wire from './wire.json' with { type: 'json' };

export const HUB_PATH = wire.hub.path;
const MAX_BUFFER = 2000;
const MAX_SYNC_ROUNDS = 5;

const sameId = (a, b) => String(a) === String(b);

/**
 * Orders the events of one meeting. Transport-agnostic: `connection` is anything with the
 * HubConnection surface used here (on, invoke, start, stop, onreconnecting, onreconnected,
 * onclose, state), so tests can drive it with a fake.
 */
export class MeetingFeed {
  /**
   * @param {object} options
   * @param {string} options.meetingId
   * @param {object} options.connection a @microsoft/signalr HubConnection (or a fake)
   * @param {() => Promise<object>} options.loadSnapshot GET /api/meetings/{id}
   * @param {(snapshot: object) => void} options.onSnapshot a full state to adopt
   * @param {(event: object) => void} options.onEvent the next event, in seq order
   * @param {(status: 'connecting'|'live'|'reconnecting'|'offline') => void} [options.onStatus]
   * @param {(error: unknown) => void} [options.onError]
   * @param {(fn: () => void, ms: number) => any} [options.schedule] setTimeout by default
   */
  constructor({ meetingId, connection, loadSnapshot, onSnapshot, onEvent, onStatus, onError, schedule }) {
    this.meetingId = meetingId;
    this.connection = connection;
    this.loadSnapshot = loadSnapshot;
    this.onSnapshot = onSnapshot;
    this.onEvent = onEvent;
    this.onStatus = onStatus ?? (() => {});
    this.onError = onError ?? (() => {});
    this.schedule = schedule ?? ((fn, ms) => setTimeout(fn, ms));

    this.lastSeq = 0;
    this.epoch = null;
    this.hasBase = false;
    this.status = 'offline';
    this.stopped = false;

    this.buffer = []; // [{event, at}] with `at` = arrival number
    this.arrivals = 0;
    this.syncStartedAt = 0; // arrival number when the last JoinMeeting/reload began
    this.snapshotMark = 0; // arrival number before which the adopted snapshot is newer
    this.syncing = false;
    this.syncPromise = null;
    this.syncAgain = false;
    this.needsRestReload = false;
    this.failures = 0;
    this.retryPending = new Set(); // 'connect' | 'sync' timers waiting

    connection.on(wire.hub.meetingEvent, (event) => this.receive(event));
    connection.onreconnecting?.(() => this.setStatus('reconnecting'));
    connection.onreconnected?.(() => {
      this.setStatus('live');
      this.sync();
    });
    connection.onclose?.(() => {
      if (this.stopped) return;
      this.setStatus('offline');
      this.retryLater('connect');
    });
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.onStatus(status);
  }

  /** Loads the snapshot (REST), connects to the hub and joins the meeting. */
  async start() {
    this.stopped = false;
    this.setStatus('connecting');
    try {
      this.syncStartedAt = this.arrivals;
      await this.reloadSnapshot();
    } catch (err) {
      this.onError(err); // the hub's JoinMeeting or a later retry will bring the state
    }
    await this.connect();
  }

  async stop() {
    this.stopped = true;
    try {
      await this.connection.invoke(wire.hub.leaveMeeting, this.meetingId);
    } catch {
      // not connected: nothing to leave
    }
    await this.connection.stop();
    this.setStatus('offline');
  }

  async connect() {
    if (this.stopped) return;
    try {
      if (this.connection.state !== 'Connected') {
        this.setStatus('connecting');
        await this.connection.start();
      }
      this.failures = 0;
      this.setStatus('live');
      await this.sync();
    } catch (err) {
      this.onError(err);
      this.setStatus('offline');
      this.retryLater('connect');
    }
  }

  /** Runs connect() or sync() again after a backoff; one timer per kind. */
  retryLater(kind) {
    if (this.stopped || this.retryPending.has(kind)) return;
    this.retryPending.add(kind);
    const delay = backoff(this.failures++);
    this.schedule(() => {
      this.retryPending.delete(kind);
      if (kind === 'connect') this.connect();
      else this.sync();
    }, delay);
  }

  /** Handler of the server method MeetingEvent. */
  receive(event) {
    if (this.stopped || !event || !sameId(event.meetingId ?? this.meetingId, this.meetingId)) return;
    if (this.syncing || !this.hasBase) {
      this.bufferEvent(event);
      if (!this.syncing) this.sync();
      return;
    }
    this.process(event);
  }

  bufferEvent(event) {
    this.buffer.push({ event, at: ++this.arrivals });
    if (this.buffer.length > MAX_BUFFER) {
      this.buffer = [];
      this.needsRestReload = true;
    }
  }

  /** Applies the event if it is the next one; otherwise drops it or asks for a resync. */
  process(event) {
    if (this.epoch != null && event.epoch != null && event.epoch !== this.epoch) {
      this.bufferEvent(event);
      this.requestSync();
      return;
    }
    if (event.seq <= this.lastSeq) return; // duplicate
    if (event.seq > this.lastSeq + 1) {
      this.bufferEvent(event);
      this.requestSync();
      return;
    }
    this.apply(event);
  }

  apply(event) {
    this.lastSeq = event.seq;
    if (event.epoch != null) this.epoch = event.epoch;
    this.onEvent(event);
  }

  adoptSnapshot(snapshot) {
    this.lastSeq = snapshot.seq ?? 0;
    this.epoch = snapshot.epoch ?? null;
    this.hasBase = true;
    this.snapshotMark = this.syncStartedAt;
    this.onSnapshot(snapshot);
  }

  async reloadSnapshot() {
    const snapshot = await this.loadSnapshot();
    this.needsRestReload = false;
    this.adoptSnapshot(snapshot);
  }

  requestSync() {
    if (this.syncPromise) this.syncAgain = true;
    else this.sync();
  }

  /** JoinMeeting(meetingId, lastSeq) until the buffer applies in order. Single flight. */
  sync() {
    if (this.syncPromise) {
      this.syncAgain = true;
      return this.syncPromise;
    }
    this.syncing = true;
    this.syncPromise = (async () => {
      try {
        let rounds = 0;
        do {
          this.syncAgain = false;
          await this.syncOnce();
          this.drainBuffer();
          rounds += 1;
          // JoinMeeting twice and still a hole: take a fresh snapshot over REST
          if (this.syncAgain && rounds >= 2) this.needsRestReload = true;
        } while ((this.syncAgain || this.needsRestReload) && !this.stopped && rounds < MAX_SYNC_ROUNDS);
        if (this.syncAgain || this.needsRestReload) this.retryLater('sync');
        else this.failures = 0;
      } catch (err) {
        this.onError(err);
        // while disconnected, onreconnected will sync again; otherwise retry here
        if (this.connection.state === 'Connected') this.retryLater('sync');
      } finally {
        this.syncing = false;
        this.syncPromise = null;
      }
    })();
    return this.syncPromise;
  }

  async syncOnce() {
    this.syncStartedAt = this.arrivals;
    if (!this.hasBase || this.needsRestReload) await this.reloadSnapshot();
    const result = await this.connection.invoke(wire.hub.joinMeeting, this.meetingId, this.lastSeq);
    if (result?.snapshot) this.adoptSnapshot(result.snapshot);
    const events = [...(result?.events ?? [])].sort((a, b) => a.seq - b.seq);
    for (const event of events) {
      if (this.epoch != null && event.epoch != null && event.epoch !== this.epoch) {
        this.needsRestReload = true; // another epoch and no snapshot to start it from
        return;
      }
      if (event.seq <= this.lastSeq) continue;
      if (event.seq > this.lastSeq + 1) {
        this.needsRestReload = true; // the server could not fill the gap
        return;
      }
      this.apply(event);
    }
  }

  drainBuffer() {
    const pending = this.buffer.sort((a, b) => a.event.seq - b.event.seq);
    this.buffer = [];
    for (let i = 0; i < pending.length; i += 1) {
      const { event, at } = pending[i];
      if (this.epoch != null && event.epoch != null && event.epoch !== this.epoch) {
        // arrived before the snapshot we now hold was fetched: from the epoch we left behind
        if (at <= this.snapshotMark) continue;
        // JoinMeeting did not move us to that epoch: start over from a REST snapshot
        this.needsRestReload = true;
        this.buffer.push(...pending.slice(i));
        this.requestSync();
        return;
      }
      if (event.seq <= this.lastSeq) continue;
      if (event.seq > this.lastSeq + 1) {
        this.buffer.push(...pending.slice(i));
        this.requestSync();
        return;
      }
      this.apply(event);
    }
  }
}

/** A HubConnection to /hubs/meeting?access_token=… that reconnects forever with backoff. */
export function createHubConnection(token = getToken()) {
  const url = token ? `${HUB_PATH}?${wire.hub.accessTokenParameter}=${encodeURIComponent(token)}` : HUB_PATH;
  return new signalR.HubConnectionBuilder()
    .withUrl(url)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => backoff(ctx.previousRetryCount) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
}

/**
 * The live state of one meeting for a page: snapshot + ordered events, via meeting-state.js.
 * `onChange(state, event)` runs after the snapshot (event null) and after each event.
 */
export function connectMeeting(meetingId, { onChange, onStatus, onError, connection } = {}) {
  let state = null;
  const feed = new MeetingFeed({
    meetingId,
    connection: connection ?? createHubConnection(),
    loadSnapshot: () => api.get(`/api/meetings/${encodeURIComponent(meetingId)}`),
    onSnapshot: (snapshot) => {
      state = fromSnapshot(snapshot);
      onChange?.(state, null);
    },
    onEvent: (event) => {
      if (!state) return;
      state = applyEvent(state, event);
      onChange?.(state, event);
    },
    onStatus,
    onError,
  });
  feed.start();
  return {
    feed,
    get state() {
      return state;
    },
    stop: () => feed.stop(),
  };
}
