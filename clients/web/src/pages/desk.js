// /meetings/{id}/desk — the secretariat's live desk: prepare the agenda (presenter agencies,
// time boxes, order), issue join codes (and put their QR on the screen), watch attendance
// against the agencies on the agenda, write outcomes with the keyboard only, and run the
// notulen's approval with links to every document. Everything follows the hub live.
import { ifMatch, newCommandId, request, sendCommand } from '../api.js';
import { hasRole } from '../auth.js';
import { connectionBadge, meetingSummary, seqBadge } from '../components.js';
import { field, fieldValue, h, options, render } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { startPage } from '../layout.js';
import { connectMeeting } from '../live.js';
import { currentItem, latestNotulen, outcomesOf } from '../meeting-state.js';
import { loadOpds, opdName, opdOptions } from '../opds.js';
import { meetingIdFromLocation, routes } from '../routes.js';

const meetingId = meetingIdFromLocation();
const meetingPath = `/api/meetings/${encodeURIComponent(meetingId)}`;
const KINDS = ['Note', 'Decision', 'Directive'];
const DOCUMENTS = [
  ['notulen.pdf', 'doc.notulenPdf'], ['notulen.html', 'doc.notulenHtml'], ['matrix.xlsx', 'doc.matrixXlsx'],
  ['matrix.csv', 'doc.matrixCsv'], ['attendance.xlsx', 'doc.attendanceXlsx'],
];

let shell;
let live;
let opds = [];
let connection = 'connecting';
let editing = null; // the outcome being edited: {id, version}
const codes = []; // join codes issued from this desk

const regions = {
  summary: h('section', { class: 'desk-summary' }),
  status: h('div', { class: 'live-status' }),
  controls: h('div', { class: 'controls' }),
  agenda: h('section', { class: 'card desk-agenda', 'data-testid': 'desk-agenda' }),
  agendaForm: h('section', { class: 'card' }),
  codes: h('section', { class: 'card desk-codes', 'data-testid': 'desk-codes' }),
  attendance: h('section', { class: 'card desk-attendance', 'data-testid': 'desk-attendance' }),
  outcomeForm: h('section', { class: 'card outcome-form' }),
  outcomes: h('section', { class: 'card desk-outcomes', 'data-testid': 'desk-outcomes' }),
  notulen: h('section', { class: 'card desk-notulen', 'data-testid': 'desk-notulen' }),
};

async function main() {
  shell = await startPage({ title: () => `${t('desk.title')} · ${live?.state?.title ?? ''}`, onLanguageChange: renderAll });
  if (!shell) return;
  if (!meetingId) {
    shell.showError(t('common.notFound'));
    return;
  }
  render(shell.main, h('div', { class: 'desk' },
    h('div', { class: 'screen-top' }, regions.summary, h('div', { class: 'screen-side' }, regions.status, regions.controls)),
    h('div', { class: 'desk-grid' },
      h('div', { class: 'screen-col' }, regions.outcomeForm, regions.outcomes, regions.notulen),
      h('div', { class: 'screen-col' }, regions.agenda, regions.agendaForm, regions.attendance, regions.codes))));
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
    },
    onError: (err) => {
      if (err?.status) shell.showError(err.message);
    },
  });
}

function renderAll() {
  render(regions.agendaForm, agendaForm());
  render(regions.outcomeForm, outcomeForm());
  renderCodes();
  renderLive(live?.state);
}

function renderLive(state) {
  renderStatus();
  if (!state) {
    render(regions.summary, h('p', { class: 'muted' }, t('common.loading')));
    return;
  }
  render(regions.summary, meetingSummary(state),
    h('p', {}, h('a', { href: routes.screen(meetingId), 'data-testid': 'link-screen' }, t('meetings.screen'))));
  renderControls(state);
  renderAgenda(state);
  renderAttendance(state);
  updateOutcomeItems(state);
  renderOutcomes(state);
  renderNotulen(state);
}

function renderStatus() {
  render(regions.status, connectionBadge(connection), seqBadge(live?.state?.seq));
}

async function run(path, body = {}, method = 'POST') {
  shell.clearError();
  try {
    return await sendCommand(method, `${meetingPath}/${path}`, body);
  } catch (err) {
    shell.showError(err.message);
    return null;
  }
}

function renderControls(state) {
  const button = (testid, text, enabled, action) => h('button', { type: 'button', 'data-testid': testid, disabled: !enabled, onclick: action }, text);
  render(regions.controls,
    button('start', t('screen.start'), state.status === 'Scheduled', () => run('start')),
    button('advance', t('screen.advance'), state.status === 'Live', () => run('advance')),
    button('close', t('screen.close'), state.status === 'Live', () => run('close')));
}

// ---------- agenda: items with presenter and time box, reordered with the arrows ----------

function renderAgenda(state) {
  const agenda = state.agenda;
  const move = (index, delta) => {
    const ids = agenda.map((i) => i.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id);
    run('agenda/reorder', { itemIds: ids });
  };
  const editable = state.status !== 'Closed';
  render(regions.agenda,
    h('h2', {}, t('desk.agenda')),
    agenda.length === 0
      ? h('p', { class: 'muted' }, t('agenda.empty'))
      : h('ol', { 'data-testid': 'desk-agenda-list' }, agenda.map((item, index) => h('li', { 'data-testid': 'desk-agenda-item', 'data-id': item.id, 'data-status': item.status },
        h('span', { class: 'agenda-title' }, item.title),
        h('span', { class: 'agenda-opd', title: opdName(item.presenterOpd) }, item.presenterOpd),
        h('span', { class: 'agenda-timebox' }, t('agenda.minutes', { n: item.timeboxMinutes })),
        h('button', { type: 'button', class: 'secondary', 'data-testid': 'agenda-up', 'aria-label': `${t('desk.up')}: ${item.title}`, disabled: !editable || index === 0, onclick: () => move(index, -1) }, '↑'),
        h('button', { type: 'button', class: 'secondary', 'data-testid': 'agenda-down', 'aria-label': `${t('desk.down')}: ${item.title}`, disabled: !editable || index === agenda.length - 1, onclick: () => move(index, 1) }, '↓')))));
}

function agendaForm() {
  return h('form', { 'data-testid': 'desk-agenda-form', onsubmit: onAddItem },
    h('h2', {}, t('agenda.add')),
    field(t('agenda.itemTitle'), h('input', { name: 'title', required: true })),
    field(t('agenda.presenterOpd'), h('select', { name: 'presenterOpd', required: true }, options(opdOptions(opds), undefined, { placeholder: '' }))),
    field(t('agenda.timeboxMinutes'), h('input', { name: 'timeboxMinutes', type: 'number', min: 1, max: 240, value: 10, required: true })),
    h('button', { type: 'submit', 'data-testid': 'desk-agenda-submit' }, t('agenda.add')));
}

async function onAddItem(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const done = await run('agenda-items', {
    title: fieldValue(form, 'title'), presenterOpd: fieldValue(form, 'presenterOpd'), timeboxMinutes: Number(fieldValue(form, 'timeboxMinutes')),
  });
  if (done) {
    form.reset();
    form.elements.namedItem('title').focus();
  }
}

// ---------- join codes ----------

function renderCodes() {
  const form = h('form', { 'data-testid': 'join-code-form', onsubmit: onIssueCode },
    field(t('desk.role'), h('select', { name: 'role' }, options([
      { value: 'OpdHead', label: 'OpdHead' }, { value: 'Viewer', label: 'Viewer' }, { value: 'Chair', label: 'Chair' }], 'OpdHead'))),
    field(t('tablet.opd'), h('select', { name: 'opd' }, options(opdOptions(opds), undefined, { placeholder: '' }))),
    h('button', { type: 'submit', 'data-testid': 'join-code-submit' }, t('desk.issue')));
  render(regions.codes, h('h2', {}, t('desk.joinCodes')), form,
    h('ul', { 'data-testid': 'join-codes' }, codes.map((c) => h('li', { 'data-testid': 'join-code', 'data-code': c.code },
      h('strong', { class: 'join-code' }, c.code), ` ${c.role}${c.opd ? ` · ${c.opd}` : ''} · `,
      h('a', { href: `${routes.screen(meetingId)}?join=${encodeURIComponent(c.code)}`, target: '_blank', 'data-testid': 'show-on-screen' }, t('desk.showOnScreen'))))));
}

async function onIssueCode(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const role = fieldValue(form, 'role');
  const code = await run('join-codes', { role, opd: role === 'OpdHead' ? fieldValue(form, 'opd') : null });
  if (code) {
    codes.unshift(code);
    renderCodes();
  }
}

// ---------- attendance against the agencies on the agenda ----------

function renderAttendance(state) {
  const invited = [...new Set(state.agenda.map((i) => i.presenterOpd).filter(Boolean))];
  const present = new Set(state.attendance.map((a) => a.opd));
  const others = state.attendance.filter((a) => !invited.includes(a.opd));
  const form = h('form', { 'data-testid': 'desk-checkin-form', onsubmit: onCheckIn },
    h('select', { name: 'opd', required: true, 'aria-label': t('tablet.opd') }, options(opdOptions(opds), undefined, { placeholder: '' })),
    h('input', { name: 'name', required: true, placeholder: t('tablet.name'), 'aria-label': t('tablet.name') }),
    h('input', { name: 'position', required: true, placeholder: t('tablet.position'), 'aria-label': t('tablet.position') }),
    h('button', { type: 'submit', 'data-testid': 'desk-checkin-submit' }, t('desk.checkinFor')));
  render(regions.attendance,
    h('h2', {}, t('desk.attendance'), ' ', h('span', { class: 'count', 'data-testid': 'desk-present-count' }, `${invited.filter((o) => present.has(o)).length}/${invited.length}`)),
    h('ul', {}, invited.map((opd) => h('li', { class: present.has(opd) ? 'present' : 'absent', 'data-testid': 'invited-opd', 'data-opd': opd, 'data-present': String(present.has(opd)) },
      present.has(opd) ? '✓ ' : '○ ', h('strong', {}, opd), ' ', opdName(opd), ' — ',
      present.has(opd) ? state.attendance.filter((a) => a.opd === opd).map((a) => a.name).join(', ') : t('desk.absent'))),
    others.map((a) => h('li', { class: 'present', 'data-testid': 'other-attendee' }, '✓ ', h('strong', {}, a.opd), ' ', a.name))),
    state.status === 'Closed' ? null : form);
}

async function onCheckIn(event) {
  event.preventDefault();
  const form = event.currentTarget;
  if (await run('attendance', { opd: fieldValue(form, 'opd'), name: fieldValue(form, 'name'), position: fieldValue(form, 'position') })) form.reset();
}

// ---------- outcomes, keyboard only ----------

function outcomeForm() {
  const form = h('form', { 'data-testid': 'outcome-form', onsubmit: onRecordOutcome },
    h('h2', {}, t('desk.outcomes')),
    h('p', { class: 'muted', 'data-testid': 'outcome-editing', hidden: true }),
    h('div', { class: 'columns' },
      field(t('desk.item'), h('select', { name: 'agendaItemId', required: true, 'data-testid': 'outcome-item' })),
      field(t('desk.kind'), h('select', { name: 'kind', 'data-testid': 'outcome-kind' },
        options(KINDS.map((k, i) => ({ value: k, label: `${i + 1} · ${t(`outcome.${k}`)}` })), 'Note')))),
    field(t('desk.text'), h('textarea', { name: 'text', required: true, rows: 3, 'data-testid': 'outcome-text', onkeydown: onOutcomeKey }), t('desk.outcomeHint')),
    h('button', { type: 'submit', 'data-testid': 'outcome-submit' }, t('desk.record')));
  return form;
}

function onOutcomeKey(event) {
  const form = event.currentTarget.form;
  if (event.altKey && ['1', '2', '3'].includes(event.key)) {
    form.elements.namedItem('kind').value = KINDS[Number(event.key) - 1];
    event.preventDefault();
  } else if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  } else if (event.key === 'Escape' && editing) {
    stopEditing(form);
  }
}

function updateOutcomeItems(state) {
  const select = regions.outcomeForm.querySelector('select[name=agendaItemId]');
  if (!select) return;
  const chosen = select.value;
  const active = currentItem(state)?.id;
  // follow the active item unless the secretariat picked another one on purpose
  const follow = !chosen || select.dataset.followed === chosen;
  render(select, options(state.agenda.map((i) => ({ value: i.id, label: `${i.order}. ${i.title}` })), follow ? active ?? state.agenda[0]?.id : chosen));
  select.dataset.followed = follow ? select.value : '';
}

async function onRecordOutcome(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const text = fieldValue(form, 'text');
  const kind = fieldValue(form, 'kind');
  if (!text) return;
  shell.clearError();
  try {
    if (editing) {
      await request('PATCH', `/api/outcomes/${encodeURIComponent(editing.id)}`, {
        body: { commandId: newCommandId(), kind, text }, headers: ifMatch(editing.version),
      });
      stopEditing(form);
    } else {
      const itemId = fieldValue(form, 'agendaItemId');
      await sendCommand('POST', `/api/agenda-items/${encodeURIComponent(itemId)}/outcomes`, { kind, text });
    }
    form.elements.namedItem('text').value = '';
    form.elements.namedItem('text').focus();
  } catch (err) {
    shell.showError(err.message);
  }
}

function startEditing(outcome) {
  const form = regions.outcomeForm.querySelector('form');
  editing = { id: outcome.id, version: outcome.version };
  form.elements.namedItem('agendaItemId').value = outcome.agendaItemId;
  form.elements.namedItem('kind').value = outcome.kind;
  form.elements.namedItem('text').value = outcome.text;
  const note = form.querySelector('[data-testid=outcome-editing]');
  note.hidden = false;
  note.textContent = t('desk.editing', { v: outcome.version });
  form.elements.namedItem('text').focus();
}

function stopEditing(form) {
  editing = null;
  form.elements.namedItem('text').value = '';
  form.querySelector('[data-testid=outcome-editing]').hidden = true;
}

function renderOutcomes(state) {
  const locked = ['Submitted', 'Approved'].includes(latestNotulen(state)?.status);
  render(regions.outcomes,
    h('h2', {}, t('screen.outcomes')),
    state.agenda.map((item) => {
      const list = outcomesOf(state, item.id);
      return h('div', { class: 'desk-item-outcomes', 'data-id': item.id },
        h('h3', {}, `${item.order}. ${item.title}`),
        list.length === 0 ? h('p', { class: 'muted' }, t('screen.noOutcomes')) : h('ul', { class: 'outcome-list' }, list.map((o) => h('li', {
          class: `outcome outcome-${o.kind}`, 'data-testid': 'desk-outcome', 'data-id': o.id, 'data-kind': o.kind,
        }, h('span', { class: 'outcome-kind' }, t(`outcome.${o.kind}`)), ' ', h('span', { class: 'outcome-text' }, o.text), ' ',
        locked ? null : h('button', { type: 'button', class: 'link-button', 'data-testid': 'outcome-edit', onclick: () => startEditing(o) }, t('desk.edit'))))));
    }));
}

// ---------- notulen: versions, approval, documents ----------

function renderNotulen(state) {
  const latest = latestNotulen(state);
  const status = latest?.status ?? 'Draft';
  const secretariat = hasRole(shell.session, ['Secretariat']);
  const chair = hasRole(shell.session, ['Chair']);
  const closed = state.status === 'Closed';
  const returnNote = h('input', { name: 'note', placeholder: t('desk.returnNote'), 'aria-label': t('desk.returnNote'), 'data-testid': 'return-note' });
  const button = (testid, text, enabled, action) => h('button', { type: 'button', 'data-testid': testid, disabled: !enabled, onclick: action }, text);
  render(regions.notulen,
    h('h2', {}, t('desk.notulen')),
    h('ul', { 'data-testid': 'notulen-versions' }, (state.notulen ?? []).length === 0
      ? h('li', { 'data-status': 'Draft' }, t('desk.noVersions'))
      : state.notulen.map((v) => h('li', { 'data-testid': 'notulen-version', 'data-number': v.number, 'data-status': v.status },
        t('desk.version', { n: v.number, status: t(`notulen.${v.status}`, { n: v.supersededBy }) }),
        v.approvedAt ? ` · ${formatDateTime(v.approvedAt, state.timeZone)} · ${v.approvedBy ?? ''}` : '',
        v.returnNote ? h('div', { class: 'muted' }, v.returnNote) : null,
        v.sha256 ? h('div', { class: 'muted hash' }, h('a', { href: `/api/notulen/verify/${v.sha256}`, target: '_blank', 'data-testid': 'verify-link' }, t('desk.verify')), ` SHA-256 ${v.sha256}`) : null))),
    h('div', { class: 'buttons' },
      secretariat ? button('notulen-submit', t('desk.submit'), closed && status === 'Draft', () => run('notulen/submit')) : null,
      chair ? button('notulen-approve', t('desk.approve'), status === 'Submitted', () => run('notulen/approve')) : null,
      chair ? [returnNote, button('notulen-return', t('desk.return'), status === 'Submitted', () => run('notulen/return', { note: returnNote.value }))] : null,
      secretariat ? button('notulen-correct', t('desk.correct'), status === 'Approved', () => run('notulen/correct')) : null),
    h('h3', {}, t('desk.documents')),
    h('div', { class: 'desk-docs' }, DOCUMENTS.map(([file, key]) => h('a', {
      href: `${meetingPath}/exports/${file}`, 'data-testid': `doc-${file}`, onclick: (event) => download(event, file),
    }, t(key)))));
}

/** Documents need the bearer token: fetched, then saved (or opened, for the HTML). */
async function download(event, file) {
  event.preventDefault();
  shell.clearError();
  try {
    const response = await fetch(`${meetingPath}/exports/${file}`, { headers: { Authorization: `Bearer ${shell.session.accessToken}` } });
    if (!response.ok) throw new Error((await response.json().catch(() => null))?.detail ?? String(response.status));
    const url = URL.createObjectURL(await response.blob());
    const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? file;
    const link = h('a', { href: url, download: file.endsWith('.html') ? undefined : name, target: file.endsWith('.html') ? '_blank' : undefined });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (err) {
    shell.showError(err.message);
  }
}

main();
