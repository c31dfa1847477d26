// The web client's fold checked against the streams recorded from the server
// (tests/fixtures/events, see its README): fromSnapshot(initial), then applyEvent for every
// event, must hold the server's snapshot at every checkpoint and at the end. The server's unit
// tests and the .NET client's tests check their folds against the same files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { applyEvent, fromSnapshot } from '../src/meeting-state.js';

const folder = new URL('../../../tests/fixtures/events/', import.meta.url);
const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
const load = (file) => JSON.parse(readFileSync(new URL(file, folder), 'utf8'));

const CONTRACT_TYPES = [
  'MeetingStarted', 'AgendaItemAdded', 'AgendaItemActivated', 'AgendaItemCompleted', 'AttendeeCheckedIn',
  'ActionPointAdded', 'ActionPointUpdated', 'ProgressReported', 'ActionPointVerified', 'MeetingClosed',
];

/**
 * The one equivalence the comparison allows: a property that is null is the same as one that is
 * absent. The fixtures omit nulls (the server's wire options), REST and the hub write them as
 * null, and the JS state sets currentItemId: null. Everything else must match exactly: array
 * order (the agenda is not re-sorted here), every field, every string (times included).
 */
function normalise(value) {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

/** The stated snapshots of a stream by seq, the final one last. */
function statedSnapshots(fixture) {
  const last = fixture.events.at(-1)?.seq ?? fixture.initial.seq;
  return [
    ...(fixture.checkpoints ?? []).map((c) => ({ seq: c.seq, snapshot: c.snapshot, label: `checkpoint at seq ${c.seq}` })),
    { seq: last, snapshot: fixture.expected, label: 'expected' },
  ].sort((a, b) => a.seq - b.seq);
}

test('the recorded streams are there and cover every event type of the contract', () => {
  assert.ok(files.length >= 7, `expected the recorded streams in ${folder.pathname}, found ${files.length}`);
  const types = new Set(files.flatMap((f) => load(f).events.map((e) => e.type)));
  for (const type of CONTRACT_TYPES) assert.ok(types.has(type), `no stream has a ${type} event`);
  assert.ok([...types].some((t) => !CONTRACT_TYPES.includes(t)), 'no stream has an event of an unknown type');
});

for (const file of files) {
  const fixture = load(file);

  test(`${file}: ${fixture.name}`, () => {
    let state = fromSnapshot(fixture.initial);
    // fromSnapshot adds nothing of its own beyond null defaults
    assert.deepEqual(normalise(state), normalise(fixture.initial), `${file}: fromSnapshot(initial) is not the initial snapshot`);
    const stated = statedSnapshots(fixture);
    let next = 0;
    for (const event of fixture.events) {
      state = applyEvent(state, event);
      for (; next < stated.length && stated[next].seq === event.seq; next += 1) {
        // a JSON round trip first: the state is compared as the wire would carry it
        assert.deepEqual(normalise(JSON.parse(JSON.stringify(state))), normalise(stated[next].snapshot),
          `${file}: the fold differs from the server at the ${stated[next].label}`);
      }
    }
    assert.equal(next, stated.length, `${file}: no event reaches the ${stated[next]?.label}`);
  });
}
