// The meeting as the client sees it: a snapshot (GET /api/meetings/{id}) with the
// events of the hub applied in seq order. Pure functions, no DOM.
//
// This mirrors the server's one Apply (MeetingProjection.Apply in RakorLive.Contracts) rule for
// rule; test/fixtures.test.js folds the streams recorded from the server (tests/fixtures/events)
// and must end at the server's snapshots. A rule changes on the server first (then the streams
// are re-recorded, see tests/fixtures/events/README.md), then here.

/** A normalised copy of a meeting snapshot. */
export function fromSnapshot(snapshot) {
  return {
    ...snapshot,
    agenda: sortAgenda([...(snapshot.agenda ?? [])]),
    actionPoints: [...(snapshot.actionPoints ?? [])],
    ...(snapshot.carriedActionPoints ? { carriedActionPoints: [...snapshot.carriedActionPoints] } : {}),
    attendance: [...(snapshot.attendance ?? [])],
    currentItemId: snapshot.currentItemId ?? null,
    seq: snapshot.seq ?? 0,
    epoch: snapshot.epoch ?? null,
  };
}

function sortAgenda(agenda) {
  return agenda.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}

// Replaces the first match as a whole, in place, or appends. Never merges: an event carries the
// whole item after the change, and a field it leaves out (null on the server, e.g. statusReason
// after a reopen) is gone, not kept from before.
function upsert(list, item, sameAs) {
  const index = list.findIndex((x) => sameAs(x, item));
  if (index < 0) return [...list, item];
  const copy = [...list];
  copy[index] = item;
  return copy;
}

function updateItem(agenda, itemId, changes) {
  return agenda.map((item) => (item.id === itemId ? { ...item, ...changes } : item));
}

// Each code point by its one-to-one uppercase, like .NET's OrdinalIgnoreCase: 'ß' stays 'ß'
// instead of becoming 'SS' as String.prototype.toUpperCase would have it.
const upperOrdinal = (text) => Array.from(text ?? '', (c) => {
  const upper = c.toUpperCase();
  return Array.from(upper).length === 1 ? upper : c;
}).join('');

/** The same attendee as MeetingProjection.SameAttendee: the agency exactly, the name without regard to case. */
const sameAttendee = (a, b) => a.opd === b.opd && upperOrdinal(a.name) === upperOrdinal(b.name);

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
      // the server names the first item here (AgendaItemActivated follows); without one, the current item stays
      if (data.currentItemId != null) next.currentItemId = data.currentItemId;
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
    // All four carry the whole action point after the change. The sequence is the order: a later
    // event replaces the action point whatever its version, as on the server.
    case 'ActionPointAdded':
    case 'ActionPointUpdated':
    case 'ProgressReported':
    case 'ActionPointVerified':
      if (!data.actionPoint?.id) break;
      // A commitment of another rakor is one this meeting carries over (MeetingProjection does the same).
      if (data.actionPoint.meetingId && state.id && data.actionPoint.meetingId !== state.id) {
        next.carriedActionPoints = upsert(next.carriedActionPoints ?? [], data.actionPoint, (a, b) => a.id === b.id);
      } else {
        next.actionPoints = upsert(next.actionPoints, data.actionPoint, (a, b) => a.id === b.id);
      }
      break;
    case 'AgendaReordered': {
      // each named item takes its position (from 1); items not named keep going after them
      const ids = data.itemIds ?? [];
      let rest = ids.length;
      next.agenda = sortAgenda(next.agenda.map((item) => {
        const index = ids.indexOf(item.id);
        return { ...item, order: index >= 0 ? index + 1 : ++rest };
      }));
      break;
    }
    case 'OutcomeRecorded':
    case 'OutcomeUpdated':
      if (data.outcome?.id) next.outcomes = upsert(next.outcomes ?? [], data.outcome, (a, b) => a.id === b.id);
      break;
    case 'SpeakerRequested':
    case 'SpeakerWithdrawn':
    case 'SpeakerCalled':
      if (data.request?.id) next.speakers = upsert(next.speakers ?? [], data.request, (a, b) => a.id === b.id);
      break;
    // The whole version after the change; an approval supersedes every earlier approved version.
    case 'NotulenSubmitted':
    case 'NotulenApproved':
    case 'NotulenReturned':
    case 'NotulenCorrectionOpened':
      if (data.version?.number != null) {
        let versions = upsert(next.notulen ?? [], data.version, (a, b) => a.number === b.number);
        if (data.version.status === 'Approved') {
          versions = versions.map((v) => (v.number < data.version.number && v.status === 'Approved'
            ? { ...v, status: 'Superseded', supersededBy: data.version.number } : v));
        }
        next.notulen = versions;
      }
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

/** The outcomes of one agenda item, in the order recorded. */
export function outcomesOf(state, itemId) {
  return (state?.outcomes ?? []).filter((o) => o.agendaItemId === itemId);
}

/** The speakers' queue: the waiting requests on the item being discussed, earliest first. */
export function speakerQueue(state) {
  const itemId = state?.currentItemId;
  return (state?.speakers ?? []).filter((r) => r.agendaItemId === itemId && r.status === 'Waiting')
    .sort((a, b) => String(a.requestedAt).localeCompare(String(b.requestedAt)));
}

/** The request most recently called on the item being discussed (the one speaking now), or null. */
export function currentSpeaker(state) {
  const itemId = state?.currentItemId;
  const called = (state?.speakers ?? []).filter((r) => r.agendaItemId === itemId && r.status === 'Called');
  return called.sort((a, b) => String(b.calledAt).localeCompare(String(a.calledAt)))[0] ?? null;
}

/** The latest notulen version, or null before the first submission. */
export function latestNotulen(state) {
  const versions = state?.notulen ?? [];
  return versions.length ? versions[versions.length - 1] : null;
}

/** The agenda item being discussed, or null. */
export function currentItem(state) {
  if (!state) return null;
  return state.agenda.find((i) => i.id === state.currentItemId)
    ?? state.agenda.find((i) => i.status === 'Active')
    ?? null;
}
