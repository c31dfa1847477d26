import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatCountdown, formatLocalDate, formatTime, isOverdue, localDateTimeToIso, timeZoneAbbreviation, todayIn,
} from '../src/format.js';

test('times read "pukul 09.00 WIB" in the meeting zone', () => {
  assert.equal(formatTime('2025-11-17T02:00:00Z', 'Asia/Jakarta', 'id'), 'pukul 09.00 WIB');
  assert.equal(formatTime('2025-11-17T02:05:00Z', 'Asia/Makassar', 'id'), 'pukul 10.05 WITA');
  assert.equal(formatTime('2025-11-17T02:00:00Z', 'Asia/Jayapura', 'id'), 'pukul 11.00 WIT');
  assert.equal(formatTime('2025-11-17T02:00:00Z', 'Asia/Jakarta', 'en'), 'at 09.00 WIB');
  assert.equal(timeZoneAbbreviation('Asia/Makassar'), 'WITA');
});

test('a datetime-local value becomes ISO with the zone offset', () => {
  assert.equal(localDateTimeToIso('2025-11-17T09:00', 'Asia/Jakarta'), '2025-11-17T09:00:00+07:00');
  assert.equal(localDateTimeToIso('2025-11-17T09:00', 'Asia/Jayapura'), '2025-11-17T09:00:00+09:00');
  assert.equal(localDateTimeToIso('', 'Asia/Jakarta'), null);
});

test('due dates are local dates; overdue is derived in the meeting zone', () => {
  assert.equal(formatLocalDate('2025-11-30', 'id'), '30 November 2025');
  const now = new Date('2025-11-30T18:00:00Z'); // 1 December 01.00 WIB
  assert.equal(todayIn('Asia/Jakarta', now), '2025-12-01');
  assert.equal(isOverdue({ dueDate: '2025-11-30', status: 'Open' }, 'Asia/Jakarta', now), true);
  assert.equal(isOverdue({ dueDate: '2025-11-30', status: 'Done' }, 'Asia/Jakarta', now), false);
  assert.equal(isOverdue({ dueDate: '2025-12-01', status: 'InProgress' }, 'Asia/Jakarta', now), false);
});

test('countdowns', () => {
  assert.equal(formatCountdown(125000, 'id'), '02:05');
  assert.equal(formatCountdown(3723000, 'id'), '1:02:03');
  assert.equal(formatCountdown(-61000, 'id'), 'lewat 01:01');
});
