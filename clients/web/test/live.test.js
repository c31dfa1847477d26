import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MeetingFeed } from '../src/live.js';

/** A stand-in for a @microsoft/signalr HubConnection. */
class FakeConnection {
  constructor(joinAnswers = []) {
    this.state = 'Disconnected';
    this.handlers = {};
    this.joins = [];
    this.joinAnswers = joinAnswers; // functions (afterSeq) => result, or results
    this.onJoin = null; // hook to deliver events while JoinMeeting is in flight
  }
  on(name, fn) { this.handlers[name] = fn; }
  onreconnecting(fn) { this.reconnecting = fn; }
  onreconnected(fn) { this.reconnected = fn; }
  onclose(fn) { this.closed = fn; }
  async start() { this.state = 'Connected'; }
  async stop() { this.state = 'Disconnected'; }
  async invoke(method, meetingId, afterSeq) {
    if (method !== 'JoinMeeting') return null;
    this.joins.push(afterSeq);
    this.onJoin?.(afterSeq);
    await Promise.resolve();
    const answer = this.joinAnswers.shift() ?? { snapshot: null, events: [] };
    return typeof answer === 'function' ? answer(afterSeq) : answer;
  }
  push(event) { this.handlers.MeetingEvent(event); }
}

const ev = (seq, epoch = 1, type = 'Noop') => ({ meetingId: 'm1', seq, epoch, type, occurredAt: '2025-01-01T00:00:00Z', data: {} });
const snapshot = (seq, epoch = 1) => ({ id: 'm1', seq, epoch, agenda: [], actionPoints: [], attendance: [] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

function makeFeed(connection, { snapshots = [snapshot(0)] } = {}) {
  const applied = [];
  const adopted = [];
  const feed = new MeetingFeed({
    meetingId: 'm1',
    connection,
    loadSnapshot: async () => snapshots.shift() ?? snapshot(0),
    onSnapshot: (s) => adopted.push(s.seq),
    onEvent: (e) => applied.push(e.seq),
    schedule: (fn) => setTimeout(fn, 1),
  });
  return { feed, applied, adopted };
}

test('joins after the REST snapshot and applies missed events in order, once', async () => {
  const connection = new FakeConnection([{ snapshot: null, events: [ev(7), ev(6), ev(5), ev(6)] }]);
  const { feed, applied, adopted } = makeFeed(connection, { snapshots: [snapshot(4)] });
  await feed.start();
  assert.deepEqual(adopted, [4]);
  assert.deepEqual(connection.joins, [4]);
  assert.deepEqual(applied, [5, 6, 7]);
  connection.push(ev(7)); // duplicate
  connection.push(ev(8));
  assert.deepEqual(applied, [5, 6, 7, 8]);
  assert.equal(feed.lastSeq, 8);
});

test('events that arrive during JoinMeeting are buffered and applied after its answer', async () => {
  const connection = new FakeConnection([{ snapshot: null, events: [ev(1), ev(2)] }]);
  connection.onJoin = () => {
    connection.push(ev(3));
    connection.push(ev(2));
  };
  const { feed, applied } = makeFeed(connection);
  await feed.start();
  await settle();
  assert.deepEqual(applied, [1, 2, 3]);
  assert.equal(feed.lastSeq, 3);
});

test('a gap makes the client call JoinMeeting again with lastSeq', async () => {
  const connection = new FakeConnection([
    { snapshot: null, events: [] },
    (afterSeq) => ({ snapshot: null, events: [ev(afterSeq + 1), ev(afterSeq + 2)] }),
  ]);
  const { feed, applied } = makeFeed(connection, { snapshots: [snapshot(10)] });
  await feed.start();
  connection.push(ev(11));
  connection.push(ev(14)); // 12 and 13 were lost
  await settle();
  assert.deepEqual(connection.joins, [10, 11]);
  assert.deepEqual(applied, [11, 12, 13, 14]);
});

test('another epoch triggers JoinMeeting; a snapshot in the answer replaces the state', async () => {
  const connection = new FakeConnection([
    { snapshot: null, events: [] },
    { snapshot: snapshot(2, 2), events: [ev(3, 2)] },
  ]);
  const { feed, applied, adopted } = makeFeed(connection, { snapshots: [snapshot(5, 1)] });
  await feed.start();
  connection.push(ev(3, 2));
  await settle();
  assert.deepEqual(connection.joins, [5, 5]);
  assert.deepEqual(adopted, [5, 2]);
  assert.deepEqual(applied, [3]);
  assert.equal(feed.epoch, 2);
  assert.equal(feed.lastSeq, 3);
});

test('another epoch that JoinMeeting does not resolve falls back to the REST snapshot', async () => {
  const connection = new FakeConnection([
    { snapshot: null, events: [] },
    { snapshot: null, events: [] },
    { snapshot: null, events: [] },
  ]);
  const { feed, adopted } = makeFeed(connection, { snapshots: [snapshot(5, 1), snapshot(3, 2)] });
  await feed.start();
  connection.push(ev(3, 2));
  await settle();
  assert.deepEqual(adopted, [5, 3]);
  assert.equal(feed.epoch, 2);
  assert.equal(feed.lastSeq, 3);
  assert.deepEqual(connection.joins, [5, 5, 3]);
});

test('after a reconnect the client joins again from lastSeq', async () => {
  const connection = new FakeConnection([
    { snapshot: null, events: [ev(1)] },
    { snapshot: null, events: [ev(2), ev(3)] },
  ]);
  const { feed, applied } = makeFeed(connection);
  const statuses = [];
  feed.onStatus = (s) => statuses.push(s);
  await feed.start();
  connection.reconnecting();
  connection.reconnected();
  await settle();
  assert.deepEqual(connection.joins, [0, 1]);
  assert.deepEqual(applied, [1, 2, 3]);
  assert.deepEqual(statuses, ['connecting', 'live', 'reconnecting', 'live']);
});

test('a JoinMeeting answer that still has a gap reloads the snapshot over REST', async () => {
  const connection = new FakeConnection([
    { snapshot: null, events: [ev(9)] }, // 1..8 are too old for the server's log
    { snapshot: null, events: [ev(9)] },
  ]);
  const { feed, applied, adopted } = makeFeed(connection, { snapshots: [snapshot(0), snapshot(8)] });
  await feed.start();
  await settle();
  assert.deepEqual(adopted, [0, 8]);
  assert.deepEqual(applied, [9]);
  assert.deepEqual(connection.joins, [0, 8]);
});

test('events of other meetings are ignored', async () => {
  const connection = new FakeConnection();
  const { feed, applied } = makeFeed(connection);
  await feed.start();
  connection.push({ ...ev(1), meetingId: 'other' });
  assert.deepEqual(applied, []);
});
