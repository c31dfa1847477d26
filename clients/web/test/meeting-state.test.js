import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEvent, currentItem, fromSnapshot } from '../src/meeting-state.js';

const base = () => fromSnapshot({
  id: 'm1', title: 'Rakor November', status: 'Scheduled', timeZone: 'Asia/Jakarta', seq: 0, epoch: 1,
  agenda: [
    { id: 'a2', title: 'Dinkes', order: 2, status: 'Pending', timeboxMinutes: 10 },
    { id: 'a1', title: 'Dinas PUPR', order: 1, status: 'Pending', timeboxMinutes: 15 },
  ],
  actionPoints: [], attendance: [],
});
const ev = (seq, type, data) => ({ meetingId: 'm1', seq, epoch: 1, type, occurredAt: '2025-11-17T02:00:00Z', data });

test('snapshot agenda is ordered', () => {
  assert.deepEqual(base().agenda.map((i) => i.id), ['a1', 'a2']);
});

test('a meeting runs: start, activate, complete, close', () => {
  let s = base();
  s = applyEvent(s, ev(1, 'MeetingStarted', { startedAt: '2025-11-17T02:00:00Z' }));
  s = applyEvent(s, ev(2, 'AgendaItemActivated', { itemId: 'a1', activatedAt: '2025-11-17T02:01:00Z' }));
  assert.equal(s.status, 'Live');
  assert.equal(currentItem(s).id, 'a1');
  s = applyEvent(s, ev(3, 'AgendaItemCompleted', { itemId: 'a1', status: 'Done', completedAt: '2025-11-17T02:15:00Z' }));
  assert.equal(s.currentItemId, null);
  assert.equal(s.agenda[0].status, 'Done');
  s = applyEvent(s, ev(4, 'MeetingClosed', { closedAt: '2025-11-17T03:00:00Z' }));
  assert.equal(s.status, 'Closed');
  assert.equal(s.seq, 4);
});

test('agenda items, attendees and action points are upserted', () => {
  let s = base();
  s = applyEvent(s, ev(1, 'AgendaItemAdded', { item: { id: 'a0', title: 'Pembukaan', order: 0, status: 'Pending' } }));
  assert.equal(s.agenda[0].id, 'a0');
  const attendee = { opd: 'PUPR', name: 'Ir. Budi', position: 'Kepala Dinas' };
  s = applyEvent(s, ev(2, 'AttendeeCheckedIn', { attendee }));
  s = applyEvent(s, ev(3, 'AttendeeCheckedIn', { attendee }));
  assert.equal(s.attendance.length, 1);
  const ap = { id: 'p1', ownerOpd: 'PUPR', description: 'Peta jalan', version: 1, status: 'Open' };
  s = applyEvent(s, ev(4, 'ActionPointAdded', { actionPoint: ap }));
  s = applyEvent(s, ev(5, 'ActionPointUpdated', { actionPoint: { ...ap, target: '2 pekan', version: 2 } }));
  s = applyEvent(s, ev(6, 'ActionPointUpdated', { actionPoint: { ...ap, version: 1 } })); // stale
  assert.equal(s.actionPoints.length, 1);
  assert.equal(s.actionPoints[0].version, 2);
  assert.equal(s.actionPoints[0].target, '2 pekan');
});
