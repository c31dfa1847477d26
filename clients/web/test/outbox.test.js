import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../src/api.js';
import { Outbox } from '../src/outbox.js';

let n = 0;
function makeOutbox(responses) {
  const sent = [];
  const acked = [];
  const rejected = [];
  const timers = [];
  const outbox = new Outbox({
    key: `test.outbox.${n++}`,
    send: async (method, path, options) => {
      sent.push({ method, path, commandId: options.body.commandId, headers: options.headers });
      const next = responses.shift();
      if (next instanceof Error) throw next;
      return next ?? { ok: true };
    },
    onAck: (entry) => acked.push(entry.commandId),
    onReject: (entry, error) => rejected.push([entry.commandId, error.message]),
    schedule: (fn, ms) => timers.push({ fn, ms }),
  });
  return { outbox, sent, acked, rejected, timers };
}

test('a command is sent and removed once acknowledged', async () => {
  const { outbox, sent, acked } = makeOutbox([{ id: 'p1' }]);
  outbox.enqueue({ path: '/api/meetings/m1/action-points', body: { commandId: 'c1', description: 'x' } });
  await outbox.flush();
  assert.deepEqual(sent.map((s) => s.commandId), ['c1']);
  assert.deepEqual(acked, ['c1']);
  assert.equal(outbox.size, 0);
});

test('network errors and 5xx retry later with the SAME commandId, in order', async () => {
  const { outbox, sent, acked, timers } = makeOutbox([new ApiError(0, null), new ApiError(503, null), {}, {}]);
  outbox.enqueue({ path: '/a', body: { commandId: 'c1' } });
  outbox.enqueue({ path: '/b', body: { commandId: 'c2' } });
  await outbox.flush();
  assert.equal(outbox.size, 2);
  assert.equal(outbox.entries()[0].attempts, 1);
  timers.shift().fn();
  await outbox.flush();
  assert.equal(outbox.entries()[0].attempts, 2);
  timers.shift().fn();
  await outbox.flush();
  assert.deepEqual(sent.map((s) => s.commandId), ['c1', 'c1', 'c1', 'c2']);
  assert.deepEqual(acked, ['c1', 'c2']);
  assert.equal(outbox.size, 0);
});

test('a 4xx is final: dropped, the problem detail is reported, the queue goes on', async () => {
  const problem = { title: 'Bad request', status: 400, detail: 'Sasaran wajib diisi.' };
  const { outbox, rejected, acked } = makeOutbox([new ApiError(400, problem), {}]);
  outbox.enqueue({ path: '/a', body: { commandId: 'c1' } });
  outbox.enqueue({ path: '/b', body: { commandId: 'c2' } });
  await outbox.flush();
  assert.deepEqual(rejected, [['c1', 'Sasaran wajib diisi.']]);
  assert.deepEqual(acked, ['c2']);
});

test('a 401 holds the queue until resume()', async () => {
  const { outbox, sent, acked } = makeOutbox([new ApiError(401, null), {}, {}]);
  outbox.enqueue({ path: '/a', body: { commandId: 'c1' } });
  await outbox.flush();
  outbox.enqueue({ path: '/b', body: { commandId: 'c2' } });
  await outbox.flush();
  assert.equal(sent.length, 1);
  assert.equal(outbox.size, 2);
  await outbox.resume();
  assert.deepEqual(acked, ['c1', 'c2']);
});

test('PATCH keeps its If-Match header', async () => {
  const { outbox, sent } = makeOutbox([{}]);
  outbox.enqueue({ method: 'PATCH', path: '/api/action-points/p1', headers: { 'If-Match': '"3"' }, body: { commandId: 'c1', target: 'x' } });
  await outbox.flush();
  assert.equal(sent[0].method, 'PATCH');
  assert.equal(sent[0].headers['If-Match'], '"3"');
});
