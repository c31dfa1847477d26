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
  assert.equal(s.actionPoints.length, 1);
  assert.equal(s.actionPoints[0].version, 2);
  assert.equal(s.actionPoints[0].target, '2 pekan');
});

test('a re-check-in of the same person (name in other letter case) replaces the line in place', () => {
  let s = base();
  s = applyEvent(s, ev(1, 'AttendeeCheckedIn', { attendee: { opd: 'PUPR', name: 'Ir. Budi', position: 'Kepala Dinas' } }));
  s = applyEvent(s, ev(2, 'AttendeeCheckedIn', { attendee: { opd: 'DINKES', name: 'Ir. Budi', position: 'Staf' } }));
  s = applyEvent(s, ev(3, 'AttendeeCheckedIn', { attendee: { opd: 'PUPR', name: 'IR. BUDI', position: 'Plt. Kepala Dinas' } }));
  assert.deepEqual(s.attendance.map((a) => [a.opd, a.name, a.position]),
    [['PUPR', 'IR. BUDI', 'Plt. Kepala Dinas'], ['DINKES', 'Ir. Budi', 'Staf']]);
  // OrdinalIgnoreCase maps one character to one: 'ß' is not 'SS'
  s = applyEvent(s, ev(4, 'AttendeeCheckedIn', { attendee: { opd: 'DLH', name: 'Strauß', position: 'Staf' } }));
  s = applyEvent(s, ev(5, 'AttendeeCheckedIn', { attendee: { opd: 'DLH', name: 'STRAUSS', position: 'Staf' } }));
  assert.equal(s.attendance.filter((a) => a.opd === 'DLH').length, 2);
});

test('an action point event replaces the whole action point, in seq order, as the server does', () => {
  let s = base();
  const ap = { id: 'p1', ownerOpd: 'PUPR', version: 2, status: 'Dropped', statusReason: 'Dialihkan' };
  s = applyEvent(s, ev(1, 'ActionPointUpdated', { actionPoint: ap }));
  // reopened: the server no longer writes the reason, so it must not survive from before
  s = applyEvent(s, ev(2, 'ActionPointVerified', { actionPoint: { id: 'p1', ownerOpd: 'PUPR', version: 3, status: 'Open' } }));
  assert.deepEqual(s.actionPoints, [{ id: 'p1', ownerOpd: 'PUPR', version: 3, status: 'Open' }]);
  // the sequence is the order: a later event wins whatever version it carries
  s = applyEvent(s, ev(3, 'ProgressReported', { actionPoint: { ...ap, version: 1 } }));
  assert.equal(s.actionPoints[0].version, 1);
});

test('MeetingStarted sets the current item when it names one, and keeps it otherwise', () => {
  let s = base();
  s = applyEvent(s, ev(1, 'MeetingStarted', { startedAt: '2025-11-17T02:00:00Z', currentItemId: 'a1' }));
  assert.equal(s.currentItemId, 'a1');
  s = { ...base(), currentItemId: 'a2' };
  s = applyEvent(s, ev(1, 'MeetingStarted', { startedAt: '2025-11-17T02:00:00Z' }));
  assert.equal(s.currentItemId, 'a2');
});
