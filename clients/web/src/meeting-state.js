// The meeting as the client sees it: a snapshot (GET /api/meetings/{id}) with the
// events of the hub applied in seq order. Pure functions, no DOM.

/** A normalised copy of a meeting snapshot. */
export function fromSnapshot(snapshot) {
  return {
    ...snapshot,
    agenda: sortAgenda([...(snapshot.agenda ?? [])]),
    actionPoints: [...(snapshot.actionPoints ?? [])],
    attendance: [...(snapshot.attendance ?? [])],
    currentItemId: snapshot.currentItemId ?? null,
    seq: snapshot.seq ?? 0,
    epoch: snapshot.epoch ?? null,
  };
}

function sortAgenda(agenda) {
  return agenda.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}

function upsert(list, item, sameAs) {
  const index = list.findIndex((x) => sameAs(x, item));
  if (index < 0) return [...list, item];
  const copy = [...list];
  copy[index] = { ...list[index], ...item };
  return copy;
}

function upsertActionPoint(list, actionPoint) {
  if (!actionPoint?.id) return list;
  const existing = list.find((x) => x.id === actionPoint.id);
  // an older version never overwrites a newer one
  if (existing && (existing.version ?? 0) > (actionPoint.version ?? 0)) return list;
  return upsert(list, actionPoint, (a, b) => a.id === b.id);
}

function updateItem(agenda, itemId, changes) {
  return agenda.map((item) => (item.id === itemId ? { ...item, ...changes } : item));
}

const sameAttendee = (a, b) => a.opd === b.opd && (a.name ?? '') === (b.name ?? '');

/**
 * Applies one MeetingEvent {meetingId, seq, epoch, type, occurredAt, data} and returns the
 * new state. Ordering (seq) is the caller's job (see live.js); unknown types only move seq.
 */
export function applyEvent(state, event) {
  const data = event.data ?? {};
  let next = { ...state, seq: event.seq ?? state.seq, epoch: event.epoch ?? state.epoch };
  switch (event.type) {
    case 'MeetingStarted':
      next.status = 'Live';
      next.startedAt = data.startedAt ?? event.occurredAt;
      break;
    case 'AgendaItemAdded':
      if (data.item) next.agenda = sortAgenda(upsert(next.agenda, data.item, (a, b) => a.id === b.id));
      break;
    case 'AgendaItemActivated':
      next.agenda = updateItem(next.agenda, data.itemId, {
        status: 'Active',
        activatedAt: data.activatedAt ?? event.occurredAt,
      });
      next.currentItemId = data.itemId;
      break;
    case 'AgendaItemCompleted':
      next.agenda = updateItem(next.agenda, data.itemId, {
        status: data.status ?? 'Done',
        completedAt: data.completedAt ?? event.occurredAt,
      });
      if (next.currentItemId === data.itemId) next.currentItemId = null;
      break;
    case 'AttendeeCheckedIn':
      if (data.attendee) next.attendance = upsert(next.attendance, data.attendee, sameAttendee);
      break;
    case 'ActionPointAdded':
    case 'ActionPointUpdated':
    case 'ProgressReported':
    case 'ActionPointVerified':
      next.actionPoints = upsertActionPoint(next.actionPoints, data.actionPoint);
      break;
    case 'MeetingClosed':
      next.status = 'Closed';
      next.closedAt = data.closedAt ?? event.occurredAt;
      break;
    default:
      break;
  }
  return next;
}

/** The agenda item being discussed, or null. */
export function currentItem(state) {
  if (!state) return null;
  return state.agenda.find((i) => i.id === state.currentItemId)
    ?? state.agenda.find((i) => i.status === 'Active')
    ?? null;
}
