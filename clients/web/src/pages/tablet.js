// /meetings/{id}/tablet — the kepala OPD's tablet, often on weak wifi: check in, add the
// agency's commitments, edit them. Every command goes through the outbox (localStorage)
// and is retried with the same commandId until the server acknowledges it.
import { ifMatch, newCommandId, request } from '../api.js';
import { hasRole } from '../auth.js';
import { actionPointCard, connectionBadge, meetingSummary, seqBadge } from '../components.js';
import { field, fieldValue, h, options, render, selectedValues } from '../dom.js';
import { formatTime, todayIn } from '../format.js';
import { t } from '../i18n.js';
import { startPage } from '../layout.js';
import { connectMeeting } from '../live.js';
import { startFollowUpToasts } from '../follow-up-live.js';
import { currentItem, speakerQueue } from '../meeting-state.js';
import { loadOpds, opdOptions } from '../opds.js';
import { OUTBOX_KEY, Outbox } from '../outbox.js';
import { dropFile, keepFile, withEvidence } from '../evidence.js';
import { meetingIdFromLocation } from '../routes.js';

const meetingId = meetingIdFromLocation();
const meetingPath = `/api/meetings/${encodeURIComponent(meetingId)}`;
const AP_FIELDS = ['description', 'target', 'beneficiaries', 'benefit', 'dueDate'];

let shell;
let session;
let live;
let opds = [];
let connection = 'connecting';
let editingId = null;
let reportingId = null;

// Progress reports with files go through the same outbox: the file waits in IndexedDB (evidence.js).
const outbox = new Outbox({
  send: withEvidence(request),
  onChange: () => renderPending(),
  onReject: (entry, error) => {
    shell?.showError(`${t('outbox.rejected', { label: entry.label })} — ${error.message}`);
    if (entry.meta?.kind === 'addActionPoint') restoreActionPointForm(entry.body);
    for (const file of entry.body?.evidenceFiles ?? []) dropFile(file.key);
  },
});

const regions = {
  summary: h('section', { class: 'tablet-summary' }),
  status: h('div', { class: 'live-status' }),
  pending: h('section', { class: 'pending' }),
  speak: h('section', { class: 'card speak', 'data-testid': 'speak' }),
  checkin: h('section', { class: 'card checkin' }),
  apForm: h('section', { class: 'card ap-form' }),
  list: h('section', { class: 'card own-action-points' }),
};

const canWrite = () => hasRole(session, ['OpdHead', 'Secretariat', 'Chair']);
const canEdit = (ap) => hasRole(session, ['Secretariat']) || (hasRole(session, ['OpdHead']) && ap.ownerOpd === session.opd);
// A kepala OPD bound to an agency writes for it alone, and asks to speak for it.
const ownOpdLocked = () => hasRole(session, ['OpdHead']) && !!session.opd;
const canSpeak = ownOpdLocked;

async function main() {
  shell = await startPage({ title: () => live?.state?.title ?? t('meetings.tablet'), onLanguageChange: renderAll });
  if (!shell) return;
  session = shell.session;
  // The agency's deadline notices and verification verdicts, as toasts on the same hub connection type.
  startFollowUpToasts();
  if (!meetingId) {
    shell.showError(t('common.notFound'));
    return;
  }
  render(shell.main, h('div', { class: 'tablet' },
    h('div', { class: 'tablet-top' }, regions.summary, h('div', { class: 'tablet-side' }, regions.status, regions.pending)),
    canSpeak() ? regions.speak : null,
    canWrite() ? h('div', { class: 'columns' }, regions.checkin, regions.apForm) : null,
    regions.list));
  opds = await loadOpds();
  renderAll();
  live = connectMeeting(meetingId, {
    onChange: (state, event) => {
      if (!event) shell.renderHeader();
      renderLive(state);
    },
    onStatus: (status) => {
      connection = status;
      renderStatus();
      if (status === 'live') outbox.flush(); // the network is back
    },
    onError: (err) => {
      if (err?.status) shell.showError(err.message);
    },
  });
  window.addEventListener('online', () => outbox.flush());
  window.addEventListener('storage', (e) => {
    if (e.key === OUTBOX_KEY) renderPending();
  });
  outbox.resume(); // commands left from before (also those held for a new sign-in)
}

// ---------- rendering ----------

/** Everything, forms included (first time and on language change). */
function renderAll() {
  if (canWrite()) {
    render(regions.checkin, checkinForm());
    render(regions.apForm, actionPointForm());
  }
  renderLive(live?.state);
}

/** What follows the meeting's state; forms keep what the person is typing. */
function renderLive(state) {
  renderStatus();
  renderPending();
  if (!state) {
    render(regions.summary, h('p', { class: 'muted' }, t('common.loading')));
    return;
  }
  render(regions.summary, meetingSummary(state),
    state.status === 'Closed' ? h('p', { class: 'notice', 'data-testid': 'meeting-closed' }, t('tablet.closed')) : null);
  updateCheckinStatus(state);
  updateAgendaField(state);
  if (canSpeak()) renderSpeak(state);
  renderList(state);
}

function renderStatus() {
  render(regions.status, connectionBadge(connection), seqBadge(live?.state?.seq));
}

function renderPending() {
  const entries = outbox.entries();
  const held = entries.some((e) => e.held);
  render(regions.pending,
    h('div', { class: ['pending-indicator', entries.length > 0 && 'has-pending'], 'data-pending': entries.length },
      entries.length ? '⏳ ' : '✓ ',
      h('span', { 'data-testid': 'pending-count' }, String(entries.length)),
      ' ',
      entries.length ? t('outbox.pending') : t('outbox.allSent')),
    held ? h('p', { class: 'notice', 'data-testid': 'pending-held' }, t('outbox.paused')) : null,
    entries.length
      ? h('ul', { class: 'pending-list' }, entries.map((e) => h('li', { 'data-testid': 'pending-item', 'data-command-id': e.commandId },
        e.label, e.attempts ? h('small', { class: 'muted' }, ` (${t('outbox.retrying', { n: e.attempts + 1 })})`) : null)))
      : null);
}

// ---------- asking to speak (sent at once: a place in the queue only counts while it is live) ----------

let speakBusy = false;

function renderSpeak(state) {
  const item = currentItem(state);
  const mine = (state.speakers ?? []).filter((r) => r.opd === session.opd && r.agendaItemId === item?.id);
  const waiting = mine.find((r) => r.status === 'Waiting');
  const called = mine.find((r) => r.status === 'Called');
  const position = waiting ? speakerQueue(state).findIndex((r) => r.id === waiting.id) + 1 : 0;
  const open = state.status === 'Live' && !!item;
  render(regions.speak,
    waiting
      ? [h('p', { class: 'speak-status', 'data-testid': 'speak-status', 'data-status': 'Waiting' }, t('tablet.waiting', { n: position })),
        h('button', { type: 'button', class: 'secondary', 'data-testid': 'speak-withdraw', disabled: speakBusy, onclick: () => withdraw(waiting.id) }, t('tablet.withdraw'))]
      : [called ? h('p', { class: 'speak-status called', 'data-testid': 'speak-status', 'data-status': 'Called' }, t('tablet.called')) : null,
        h('button', { type: 'button', class: 'speak-button', 'data-testid': 'speak-request', disabled: !open || speakBusy, onclick: askToSpeak }, t('tablet.speak')),
        open ? null : h('p', { class: 'muted' }, t('tablet.speakNoItem'))]);
}

async function speakCommand(method, path, body) {
  speakBusy = true;
  renderSpeak(live.state);
  shell.clearError();
  try {
    await request(method, path, { body });
  } catch (err) {
    shell.showError(err.message);
  } finally {
    speakBusy = false;
    if (live?.state) renderSpeak(live.state);
  }
}

const askToSpeak = () => speakCommand('POST', `${meetingPath}/speakers`, { commandId: newCommandId() });

const withdraw = (requestId) => speakCommand('DELETE', `${meetingPath}/speakers/${encodeURIComponent(requestId)}?commandId=${newCommandId()}`);

// ---------- check-in ----------

function opdSelect(name, selected, { locked = false, multiple = false, exclude = null, placeholder } = {}) {
  const list = opdOptions(opds).filter((o) => o.value !== exclude);
  if (locked) {
    return h('select', { name, required: true, 'data-locked': 'true' },
      options([list.find((o) => o.value === selected) ?? { value: selected, label: selected }], selected));
  }
  return h('select', { name, multiple, required: !multiple, size: multiple ? Math.min(6, Math.max(3, list.length)) : undefined },
    options(list, selected, multiple ? {} : { placeholder: placeholder ?? '' }));
}

function checkinForm() {
  return h('form', { 'data-testid': 'checkin-form', onsubmit: onCheckin },
    h('h2', {}, t('tablet.checkin')),
    field(t('tablet.opd'), opdSelect('opd', session.opd ?? '', { locked: ownOpdLocked() })),
    field(t('tablet.name'), h('input', { name: 'name', required: true, autocomplete: 'name', value: session.displayName ?? '' })),
    field(t('tablet.position'), h('input', { name: 'position', required: true, autocomplete: 'organization-title' })),
    h('p', { class: 'checkin-status', 'data-testid': 'checkin-status', hidden: true }),
    h('button', { type: 'submit', 'data-testid': 'checkin-submit' }, t('tablet.checkinSubmit')));
}

function updateCheckinStatus(state) {
  const status = regions.checkin.querySelector('[data-testid=checkin-status]');
  if (!status) return;
  const mine = state.attendance.find((a) => a.opd === session.opd);
  status.hidden = !mine;
  status.textContent = mine ? `${mine.name ?? ''} — ${t('tablet.checkedIn', { time: formatTime(mine.checkedInAt, state.timeZone) })}` : '';
}

function onCheckin(event) {
  event.preventDefault();
  const form = event.currentTarget;
  shell.clearError();
  const body = {
    commandId: newCommandId(),
    opd: fieldValue(form, 'opd'),
    name: fieldValue(form, 'name'),
    position: fieldValue(form, 'position'),
  };
  outbox.enqueue({ path: `${meetingPath}/attendance`, body, label: t('cmd.checkin', { name: body.name }) });
}

// ---------- new commitment ----------

function actionPointForm() {
  const owner = session.opd ?? '';
  const timeZone = live?.state?.timeZone;
  const form = h('form', { 'data-testid': 'ap-form', onsubmit: onAddActionPoint },
    h('h2', {}, t('tablet.addCommitment')),
    h('p', { class: 'muted', 'data-testid': 'ap-agenda-current' }),
    h('input', { type: 'hidden', name: 'agendaItemId', value: '' }),
    field(t('ap.owner'), opdSelect('ownerOpd', owner, { locked: ownOpdLocked() })),
    field(t('ap.supporting'), opdSelect('supportingOpds', [], { multiple: true, exclude: ownOpdLocked() ? owner : null }), t('tablet.supportingHint')),
    field(t('ap.description'), h('textarea', { name: 'description', required: true, rows: 3 })),
    field(t('ap.target'), h('input', { name: 'target', required: true })),
    field(t('ap.beneficiaries'), h('input', { name: 'beneficiaries', required: true })),
    field(t('ap.benefit'), h('input', { name: 'benefit', required: true })),
    field(t('ap.dueDate'), h('input', { name: 'dueDate', type: 'date', required: true, min: todayIn(timeZone) })),
    h('button', { type: 'submit', 'data-testid': 'ap-submit' }, t('tablet.submitCommitment')));
  return form;
}

function updateAgendaField(state) {
  const form = regions.apForm.querySelector('form');
  if (!form) return;
  const item = currentItem(state);
  form.elements.namedItem('agendaItemId').value = item?.id ?? '';
  form.querySelector('[data-testid=ap-agenda-current]').textContent = `${t('ap.agendaItem')}: ${item?.title ?? t('common.none')}`;
  form.elements.namedItem('dueDate').min = todayIn(state.timeZone);
}

function onAddActionPoint(event) {
  event.preventDefault();
  const form = event.currentTarget;
  shell.clearError();
  const ownerOpd = ownOpdLocked() ? session.opd : fieldValue(form, 'ownerOpd');
  const body = {
    commandId: newCommandId(),
    agendaItemId: fieldValue(form, 'agendaItemId') || null,
    ownerOpd,
    supportingOpds: selectedValues(form, 'supportingOpds').filter((c) => c !== ownerOpd),
    ...Object.fromEntries(AP_FIELDS.map((name) => [name, fieldValue(form, name)])),
  };
  outbox.enqueue({
    path: `${meetingPath}/action-points`,
    body,
    label: t('cmd.addActionPoint', { description: shorten(body.description) }),
    meta: { kind: 'addActionPoint' },
  });
  render(regions.apForm, actionPointForm());
  if (live?.state) updateAgendaField(live.state);
}

/**
 * A refused commitment goes back into the form, so the person corrects it instead of typing it
 * again; unless they already started the next one.
 */
function restoreActionPointForm(body) {
  const form = regions.apForm.querySelector('form');
  if (!form || AP_FIELDS.some((name) => fieldValue(form, name) !== '')) return;
  for (const name of AP_FIELDS) form.elements.namedItem(name).value = body[name] ?? '';
  const supporting = new Set(body.supportingOpds ?? []);
  for (const option of form.elements.namedItem('supportingOpds')?.options ?? []) option.selected = supporting.has(option.value);
  const owner = form.elements.namedItem('ownerOpd');
  if (owner && !ownOpdLocked()) owner.value = body.ownerOpd ?? '';
}

function shorten(text, max = 60) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---------- the agency's commitments ----------

function renderList(state) {
  const mineOnly = hasRole(session, ['OpdHead']) && session.opd;
  // Own commitments and those this rakor carries over from earlier ones (live: their changes arrive as events).
  const all = [...state.actionPoints, ...(state.carriedActionPoints ?? [])];
  const list = all.filter((ap) => !mineOnly || ap.ownerOpd === session.opd);
  const editing = editingId && list.find((ap) => ap.id === editingId);
  // an edit or progress form being filled in is kept as it is
  const openForm = editing ? regions.list.querySelector(`[data-testid=ap-edit-form][data-id="${CSS.escape(String(editingId))}"]`) : null;
  const openReport = reportingId ? regions.list.querySelector(`[data-testid=progress-form][data-id="${CSS.escape(String(reportingId))}"]`) : null;
  render(regions.list,
    h('h2', {}, mineOnly ? t('tablet.ownCommitments') : t('tablet.allCommitments')),
    list.length === 0
      ? h('p', { class: 'muted' }, t('tablet.noCommitments'))
      : h('div', { class: 'ap-list', 'data-testid': 'own-action-points' }, list.map((ap) => (ap.id === editingId && editing
        ? openForm ?? editForm(ap)
        : h('div', { class: 'ap-with-progress' },
          actionPointCard(ap, {
            timeZone: state.timeZone,
            agenda: state.agenda,
            actions: [
              canEdit(ap) && ap.meetingId === state.id
                ? h('button', { type: 'button', 'data-testid': 'ap-edit', onclick: () => startEdit(ap.id) }, t('tablet.edit'))
                : null,
              canReport(ap)
                ? h('button', { type: 'button', 'data-testid': 'ap-report', onclick: () => { reportingId = ap.id; renderList(live.state); } }, t('progress.report'))
                : null,
            ].filter(Boolean),
          }),
          progressLine(ap),
          ap.id === reportingId && canReport(ap) ? openReport ?? progressForm(ap) : null)))));
}

const canReport = (ap) => hasRole(session, ['OpdHead']) && ap.ownerOpd === session.opd && !['Done', 'Dropped'].includes(ap.status);

function progressLine(ap) {
  const carried = ap.carriedInto?.length ?? 0;
  const last = [...(ap.history ?? [])].reverse().find((c) => c.kind === 'Verified' && c.accepted === false);
  return h('p', { class: 'ap-progress', 'data-testid': 'ap-progress', 'data-percent': ap.progressPercent ?? 0 },
    h('span', { class: 'bar', style: `--p:${ap.progressPercent ?? 0}%` }), ' ', t('progress.progress', { n: ap.progressPercent ?? 0 }),
    carried ? h('span', { class: 'muted' }, ' · ', t('progress.carried', { n: carried })) : null,
    ap.status === 'InProgress' && last?.note ? h('span', { class: 'notice', 'data-testid': 'ap-returned' }, ' · ', t('progress.returned', { note: last.note })) : null);
}

function progressForm(ap) {
  return h('form', { class: 'progress-form', 'data-testid': 'progress-form', 'data-id': ap.id, onsubmit: onReport },
    field(t('progress.percent'), h('input', { name: 'percent', type: 'number', min: 0, max: 100, step: 1, required: true, value: String(ap.progressPercent ?? 0) })),
    field(t('progress.note'), h('textarea', { name: 'note', required: true, rows: 2 })),
    field(t('progress.evidenceUrl'), h('input', { name: 'evidenceUrl', type: 'url', placeholder: 'https://' })),
    field(t('progress.file'), h('input', { name: 'file', type: 'file', 'data-testid': 'progress-file',
      accept: '.pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.txt,application/pdf,image/*,text/plain' }), t('progress.fileHint')),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', 'data-testid': 'progress-submit' }, t('progress.submit')),
      h('button', { type: 'button', class: 'secondary', onclick: () => { reportingId = null; renderList(live.state); } }, t('common.cancel'))));
}

async function onReport(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const ap = [...live.state.actionPoints, ...(live.state.carriedActionPoints ?? [])].find((x) => String(x.id) === form.dataset.id);
  if (!ap) return;
  shell.clearError();
  const commandId = newCommandId();
  const file = form.elements.namedItem('file')?.files?.[0];
  const evidenceFiles = [];
  if (file) {
    const key = `${commandId}:0`;
    try {
      await keepFile(key, file);
      evidenceFiles.push({ key, name: file.name });
    } catch (err) {
      shell.showError(String(err?.message ?? err));
      return;
    }
  }
  const percent = Number(fieldValue(form, 'percent'));
  const body = {
    commandId,
    percent,
    note: fieldValue(form, 'note'),
    evidenceUrl: fieldValue(form, 'evidenceUrl') || null,
    fromMeetingId: meetingId,
    ...(evidenceFiles.length ? { evidenceFiles } : {}),
  };
  outbox.enqueue({
    path: `/api/action-points/${encodeURIComponent(ap.id)}/progress`,
    body,
    label: t('cmd.reportProgress', { percent, description: shorten(ap.description ?? '') }),
    meta: { kind: 'reportProgress' },
  });
  reportingId = null;
  renderList(live.state);
}

function startEdit(id) {
  editingId = id;
  renderList(live.state);
}

function stopEdit() {
  editingId = null;
  renderList(live.state);
}

function editForm(ap) {
  return h('form', { class: 'action-point editing', 'data-testid': 'ap-edit-form', 'data-id': ap.id, 'data-version': ap.version, onsubmit: onEdit },
    field(t('ap.description'), h('textarea', { name: 'description', required: true, rows: 3 }, ap.description ?? '')),
    field(t('ap.target'), h('input', { name: 'target', required: true, value: ap.target ?? '' })),
    field(t('ap.beneficiaries'), h('input', { name: 'beneficiaries', required: true, value: ap.beneficiaries ?? '' })),
    field(t('ap.benefit'), h('input', { name: 'benefit', required: true, value: ap.benefit ?? '' })),
    field(t('ap.dueDate'), h('input', { name: 'dueDate', type: 'date', required: true, value: ap.dueDate?.slice(0, 10) ?? '' })),
    field(t('ap.supporting'), opdSelect('supportingOpds', ap.supportingOpds ?? [], { multiple: true, exclude: ap.ownerOpd })),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', 'data-testid': 'ap-save' }, t('common.save')),
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'ap-cancel', onclick: stopEdit }, t('common.cancel'))));
}

function onEdit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const ap = live.state.actionPoints.find((x) => String(x.id) === form.dataset.id);
  if (!ap) return;
  shell.clearError();
  const changes = {};
  for (const name of AP_FIELDS) {
    const value = fieldValue(form, name);
    if (value !== (name === 'dueDate' ? ap.dueDate?.slice(0, 10) : ap[name] ?? '')) changes[name] = value;
  }
  const supporting = selectedValues(form, 'supportingOpds');
  if ([...supporting].sort().join() !== [...(ap.supportingOpds ?? [])].sort().join()) changes.supportingOpds = supporting;
  if (Object.keys(changes).length === 0) {
    shell.notify(t('tablet.noChanges'));
    stopEdit();
    return;
  }
  // the version the person edited (the form's, not a newer one that arrived meanwhile)
  const version = form.dataset.version;
  outbox.enqueue({
    method: 'PATCH',
    path: `/api/action-points/${encodeURIComponent(ap.id)}`,
    headers: ifMatch(version),
    body: { commandId: newCommandId(), ...changes },
    label: t('cmd.editActionPoint', { description: shorten(changes.description ?? ap.description ?? '') }),
  });
  stopEdit();
}

main();
