import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOTIFICATIONS, notificationText, watchFollowUps } from '../src/follow-up-live.js';

function fakeConnection() {
  const handlers = new Map();
  const invoked = [];
  return {
    state: 'Disconnected',
    handlers,
    invoked,
    on: (name, fn) => handlers.set(name, fn),
    onreconnected: (fn) => handlers.set('__reconnected', fn),
    start: async function () { this.state = 'Connected'; },
    stop: async function () { this.state = 'Disconnected'; },
    invoke: async (method, ...args) => { invoked.push([method, ...args]); return { opd: args[0] }; },
  };
}

test('the notification names come from wire.json', () => {
  assert.deepEqual(NOTIFICATIONS, ['DeadlineApproaching', 'DeadlineMissed', 'DailyDigest', 'AwaitingVerification', 'ActionPointVerified']);
});

test('watchFollowUps subscribes, re-subscribes on reconnect and drops repeated notification ids', async () => {
  const connection = fakeConnection();
  const got = [];
  const changes = [];
  watchFollowUps({ opd: 'PUPR', connection, onNotification: (n) => got.push(n.id), onChange: (c) => changes.push(c.actionPointId) });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(connection.invoked, [['WatchFollowUps', 'PUPR']]);
  connection.handlers.get('DeadlineApproaching')({ id: 'ntf_1', notification: 'DeadlineApproaching', opd: 'PUPR' });
  connection.handlers.get('DeadlineApproaching')({ id: 'ntf_1', notification: 'DeadlineApproaching', opd: 'PUPR' });
  connection.handlers.get('DeadlineMissed')({ id: 'ntf_2', notification: 'DeadlineMissed', opd: 'PUPR' });
  connection.handlers.get('FollowUpChanged')({ actionPointId: 'ap-1', opd: 'PUPR', status: 'Open', version: 1 });
  assert.deepEqual(got, ['ntf_1', 'ntf_2']);
  assert.deepEqual(changes, ['ap-1']);
  await connection.handlers.get('__reconnected')();
  assert.equal(connection.invoked.length, 2);
});

test('toast texts in Indonesian and English', () => {
  const n = { notification: 'DeadlineApproaching', opd: 'PUPR', dueDate: '2026-03-16', leadDays: 3, daysLeft: 3 };
  assert.match(notificationText(n, 'id'), /tinggal 3 hari \(H-3\)/);
  assert.match(notificationText(n, 'en'), /3 day\(s\) left/);
  assert.match(notificationText({ notification: 'DeadlineMissed', opd: 'DLH', dueDate: '2026-03-01' }, 'id'), /Terlambat/);
});
