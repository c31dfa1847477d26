// /meetings/{id}/screen — the chair's laptop and the projector: agenda with the active
// item and its time box, attendance, commitments arriving live. Chair and Secretariat
// drive the meeting (start, next item, close); everyone else sees it read-only.
// The chair's keys: N next item, S skip, P call the next speaker. The countdown of the active
// item turns amber in its last 2 minutes and red when over, with the overrun shown. A join QR
// (?join=CODE, from the secretariat's desk) lets tablets sign in by scanning.
import { sendCommand } from '../api.js';
import { canRunMeeting, hasRole } from '../auth.js';
import { actionPointCard, connectionBadge, meetingSummary, seqBadge, statusBadge } from '../components.js';
import { h, render } from '../dom.js';
import { formatCountdown, formatTime, timeboxRemaining } from '../format.js';
import { t } from '../i18n.js';
import { startPage } from '../layout.js';
import { connectMeeting } from '../live.js';
import { currentItem, currentSpeaker, outcomesOf, speakerQueue } from '../meeting-state.js';
import { loadOpds, opdName } from '../opds.js';
import { meetingIdFromLocation } from '../routes.js';
import { storage } from '../storage.js';

const meetingId = meetingIdFromLocation();
let shell;
let live;
let connection = 'connecting';
const busy = new Set(); // commands in flight
const freshIds = new Set(); // action points that just arrived (highlighted for a while)

const regions = {
  summary: h('section', { class: 'screen-summary' }),
  clock: h('div', { class: 'clock', 'data-testid': 'clock', 'aria-live': 'off' }),
  status: h('div', { class: 'live-status' }),
  controls: h('div', { class: 'controls' }),
  current: h('section', { class: 'card current-item' }),
  agenda: h('section', { class: 'card agenda' }),
  attendance: h('section', { class: 'card attendance' }),
  actionPoints: h('section', { class: 'card action-points' }),
  speakers: h('section', { class: 'card speakers', 'data-testid': 'speakers' }),
  outcomes: h('section', { class: 'card outcomes', 'data-testid': 'screen-outcomes' }),
  qr: h('section', { class: 'card join-qr', 'data-testid': 'join-qr' }),
  carried: h('section', { class: 'card carried-action-points' }),
};

// The join code whose QR the screen shows: from ?join= (the desk's link), remembered per meeting.
const JOIN_KEY = `rakorlive.screenJoin.${meetingId}`;
const joinCode = new URLSearchParams(location.search).get('join') ?? storage.get(JOIN_KEY);
if (joinCode) storage.set(JOIN_KEY, joinCode);

async function main() {
  shell = await startPage({ title: () => live?.state?.title ?? t('agenda.title'), onLanguageChange: renderAll });
  if (!shell) return;
  if (!meetingId) {
    shell.showError(t('common.notFound'));
    return;
  }
  render(shell.main, h('div', { class: 'screen' },
    h('div', { class: 'screen-top' }, regions.summary, h('div', { class: 'screen-side' }, regions.clock, regions.status, regions.controls)),
    h('div', { class: 'screen-grid' },
      h('div', { class: 'screen-col' }, regions.current, regions.outcomes, regions.agenda, regions.carried),
      h('div', { class: 'screen-col' }, regions.qr, regions.speakers, regions.actionPoints, regions.attendance))));
  document.addEventListener('keydown', onKey);
  loadQr();
  renderAll();
  loadOpds().then(renderAll);
  live = connectMeeting(meetingId, {
    onChange: (state, event) => {
      if (event?.type === 'ActionPointAdded' && event.data?.actionPoint?.id) markFresh(event.data.actionPoint.id);
      if (!event) shell.renderHeader();
      renderAll();
    },
    onStatus: (status) => {
      connection = status;
      renderStatus();
    },
    onError: (err) => {
      if (err?.status) shell.showError(err.message); // REST errors; hub retries are silent
    },
  });
  setInterval(tick, 1000);
}

function markFresh(id) {
  freshIds.add(id);
  setTimeout(() => {
    freshIds.delete(id);
    renderActionPoints();
  }, 8000);
}

function renderAll() {
  const state = live?.state;
  if (!state) {
    render(regions.summary, h('p', { class: 'muted' }, t('common.loading')));
    renderStatus();
    tick();
    return;
  }
  render(regions.summary, meetingSummary(state));
  renderStatus();
  renderControls(state);
  renderCurrent(state);
  renderAgenda(state);
  renderAttendance(state);
  renderActionPoints();
  renderSpeakers(state);
  renderOutcomes(state);
  tick();
}

function renderStatus() {
  render(regions.status, connectionBadge(connection), seqBadge(live?.state?.seq));
}

function renderControls(state) {
  if (!canRunMeeting(shell.session)) {
    render(regions.controls, h('span', { class: 'muted', 'data-testid': 'read-only' }, t('screen.readOnly')));
    return;
  }
  const button = (action, text, enabled) => h('button', {
    type: 'button', class: `control control-${action}`, 'data-testid': action,
    disabled: !enabled || busy.has(action), onclick: () => command(action),
  }, text);
  const chair = hasRole(shell.session, ['Chair']);
  render(regions.controls,
    button('start', t('screen.start'), state.status === 'Scheduled'),
    button('advance', t('screen.advance'), state.status === 'Live'),
    button('skip', t('screen.skip'), state.status === 'Live' && !!state.currentItemId),
    chair ? button('call-next', t('screen.callNext'), state.status === 'Live' && speakerQueue(state).length > 0) : null,
    button('close', t('screen.close'), state.status === 'Live'),
    h('div', { class: 'shortcuts muted', 'data-testid': 'shortcuts' }, t('screen.shortcuts')));
}

/** N next item, S skip, P call the next speaker (Chair and Secretariat; not while typing). */
function onKey(event) {
  if (!live?.state || !canRunMeeting(shell.session) || event.ctrlKey || event.metaKey || event.altKey) return;
  if (/^(INPUT|TEXTAREA|SELECT)$/.test(event.target?.tagName ?? '')) return;
  const key = event.key.toLowerCase();
  const state = live.state;
  if (key === 'n' && state.status === 'Live') command('advance');
  else if (key === 's' && state.status === 'Live' && state.currentItemId) command('skip');
  else if (key === 'p' && state.status === 'Live' && hasRole(shell.session, ['Chair'])) command('call-next');
  else return;
  event.preventDefault();
}

const ACTIONS = {
  start: ['start', {}],
  advance: ['advance', {}],
  skip: ['advance', { skip: true }],
  close: ['close', {}],
  'call-next': ['speakers/next', {}],
};

async function command(action) {
  if (busy.has(action)) return;
  busy.add(action);
  renderControls(live.state);
  shell.clearError();
  try {
    const [path, body] = ACTIONS[action];
    await sendCommand('POST', `/api/meetings/${encodeURIComponent(meetingId)}/${path}`, body);
  } catch (err) {
    shell.showError(err.message);
  } finally {
    busy.delete(action);
    if (live.state) renderControls(live.state);
  }
}

function renderCurrent(state) {
  const item = currentItem(state);
  render(regions.current,
    h('h2', {}, t('agenda.current')),
    item
      ? [
        h('div', { class: 'current-title', 'data-testid': 'current-item', 'data-id': item.id }, item.title),
        h('div', { class: 'muted' }, opdName(item.presenterOpd)),
        h('div', { class: 'countdown', 'data-testid': 'current-countdown' }),
      ]
      : h('p', { class: 'muted', 'data-testid': 'current-item-none' }, t('agenda.noCurrent')));
}

function renderAgenda(state) {
  render(regions.agenda,
    h('h2', {}, t('agenda.title')),
    state.agenda.length === 0
      ? h('p', { class: 'muted' }, t('agenda.empty'))
      : h('ol', { class: 'agenda-list', 'data-testid': 'agenda' }, state.agenda.map((item) => h('li', {
        class: ['agenda-item', item.id === state.currentItemId && 'active'],
        'data-testid': 'agenda-item', 'data-id': item.id, 'data-status': item.status,
        'aria-current': item.id === state.currentItemId ? 'step' : undefined,
      },
      h('span', { class: 'agenda-title' }, item.title),
      h('span', { class: 'agenda-opd', title: opdName(item.presenterOpd) }, item.presenterOpd),
      h('span', { class: 'agenda-timebox' }, t('agenda.minutes', { n: item.timeboxMinutes })),
      item.status === 'Active' ? h('span', { class: 'countdown', 'data-testid': 'timebox-remaining' }) : null,
      statusBadge('agendaItemStatus', item.status, 'agenda-item-status')))));
}

function renderAttendance(state) {
  render(regions.attendance,
    h('h2', {}, t('screen.attendance'), ' ', h('span', { class: 'count', 'data-testid': 'attendance-count' }, String(state.attendance.length))),
    h('ul', { class: 'attendance-list' }, state.attendance.map((a) => h('li', { 'data-testid': 'attendee', 'data-opd': a.opd },
      h('strong', {}, a.opd), ' ', a.name ?? '', a.position ? ` (${a.position})` : ''))));
}

function renderActionPoints() {
  const state = live?.state;
  if (!state) return;
  const newestFirst = [...state.actionPoints].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')));
  render(regions.actionPoints,
    h('h2', {}, t('screen.actionPoints'), ' ', h('span', { class: 'count', 'data-testid': 'action-point-count' }, String(newestFirst.length))),
    newestFirst.length === 0
      ? h('p', { class: 'muted' }, t('screen.noActionPoints'))
      : h('div', { class: 'ap-list', 'data-testid': 'action-points' },
        newestFirst.map((ap) => actionPointCard(ap, { timeZone: state.timeZone, agenda: state.agenda, fresh: freshIds.has(ap.id) }))));
  renderCarried(state);
}

/** The last rakor's open and late commitments, live: carried 3 times or more is flagged for the chair. */
function renderCarried(state) {
  const carried = state.carriedActionPoints ?? [];
  regions.carried.hidden = carried.length === 0;
  if (carried.length === 0) return;
  const flagged = (ap) => (ap.carriedInto?.length ?? 0) >= 3;
  const ordered = [...carried].sort((a, b) => Number(flagged(b)) - Number(flagged(a)) || String(a.dueDate).localeCompare(String(b.dueDate)));
  render(regions.carried,
    h('h2', {}, t('screen.carried'), ' ', h('span', { class: 'count', 'data-testid': 'carried-count' }, String(carried.length))),
    h('div', { class: 'ap-list', 'data-testid': 'carried-action-points' }, ordered.map((ap) => h('div', { class: ['carried', flagged(ap) && 'flagged'], 'data-testid': 'carried-item', 'data-id': ap.id, 'data-status': ap.status },
      actionPointCard(ap, { timeZone: state.timeZone, agenda: [] }),
      h('p', { class: 'ap-progress', 'data-testid': 'carried-progress' },
        h('span', { class: 'bar', style: `--p:${ap.progressPercent ?? 0}%` }), ' ', t('progress.progress', { n: ap.progressPercent ?? 0 }),
        ' · ', h('span', { 'data-testid': 'carried-times' }, t('progress.carried', { n: ap.carriedInto?.length ?? 1 })),
        flagged(ap) ? h('strong', { class: 'status status-overdue', 'data-testid': 'carried-flag' }, ' ⚑ ', t('progress.flag')) : null)))));
}

function renderSpeakers(state) {
  const queue = speakerQueue(state);
  const speaking = currentSpeaker(state);
  render(regions.speakers,
    h('h2', {}, t('screen.speakers'), ' ', h('span', { class: 'count', 'data-testid': 'speaker-count' }, String(queue.length))),
    speaking ? h('p', { class: 'speaking', 'data-testid': 'speaking', 'data-opd': speaking.opd }, t('screen.speaking', { name: `${speaking.name} (${speaking.opd})` })) : null,
    queue.length === 0
      ? h('p', { class: 'muted' }, t('screen.noSpeakers'))
      : h('ol', { class: 'speaker-queue', 'data-testid': 'speaker-queue' }, queue.map((r) => h('li', { 'data-testid': 'speaker', 'data-opd': r.opd, 'data-id': r.id },
        h('strong', {}, r.opd), ' ', r.name))));
}

function renderOutcomes(state) {
  const item = currentItem(state);
  const list = item ? outcomesOf(state, item.id) : [];
  render(regions.outcomes,
    h('h2', {}, t('screen.outcomes')),
    list.length === 0
      ? h('p', { class: 'muted' }, t('screen.noOutcomes'))
      : h('ul', { class: 'outcome-list' }, list.map((o) => h('li', { class: `outcome outcome-${o.kind}`, 'data-testid': 'outcome', 'data-kind': o.kind, 'data-id': o.id },
        h('span', { class: 'outcome-kind' }, t(`outcome.${o.kind}`)), ' ', h('span', { class: 'outcome-text' }, o.text)))));
}

/** The QR code of the join link (served as SVG by the server, fetched with the token). */
async function loadQr() {
  if (!joinCode || !canRunMeeting(shell.session)) {
    render(regions.qr, h('h2', {}, t('screen.joinQr')), h('p', { class: 'muted' }, t('screen.joinQrNone')));
    return;
  }
  try {
    const response = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/join-qr.svg?code=${encodeURIComponent(joinCode)}`, {
      headers: { Authorization: `Bearer ${shell.session.accessToken}` },
    });
    if (!response.ok) throw new Error((await response.json().catch(() => null))?.detail ?? String(response.status));
    const link = response.headers.get('X-Rakor-Join-Link') ?? '';
    const url = URL.createObjectURL(new Blob([await response.text()], { type: 'image/svg+xml' }));
    render(regions.qr, h('h2', {}, t('screen.joinQr')),
      h('img', { src: url, alt: link, class: 'qr-image', 'data-testid': 'join-qr-image', 'data-link': link }),
      h('div', { class: 'join-code', 'data-testid': 'join-code' }, joinCode));
  } catch (err) {
    render(regions.qr, h('h2', {}, t('screen.joinQr')), h('p', { class: 'muted' }, err.message));
  }
}

/** Every second: the clock and the active item's countdown (amber in its last 2 minutes, red when over). */
function tick() {
  const state = live?.state;
  regions.clock.textContent = formatTime(new Date(), state?.timeZone);
  const item = state && currentItem(state);
  const remaining = item && timeboxRemaining(item, Date.now());
  const phase = remaining == null ? 'none' : remaining < 0 ? 'over' : remaining <= 120000 ? 'warn' : 'ok';
  for (const el of document.querySelectorAll('[data-testid=timebox-remaining], [data-testid=current-countdown]')) {
    el.textContent = remaining == null ? '' : remaining < 0 ? t('screen.overrun', { time: formatCountdown(-remaining) }) : formatCountdown(remaining);
    el.classList.toggle('over', phase === 'over');
    el.classList.toggle('warn', phase === 'warn');
    el.dataset.phase = phase;
  }
}

main();
