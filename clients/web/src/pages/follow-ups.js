// /follow-ups — the secretariat's dashboard: the matriks tindak lanjut of every commitment,
// filtered by status, OPD, meeting and lateness (GET /api/follow-ups).
import { api } from '../api.js';
import { statusBadge } from '../components.js';
import { field, h, options, render } from '../dom.js';
import { formatLocalDate, isOverdue } from '../format.js';
import { t, vocabularyGroup } from '../i18n.js';
import { startPage } from '../layout.js';
import { loadOpds, opdName, opdOptions } from '../opds.js';
import { startFollowUpToasts } from '../follow-up-live.js';

const FILTERS = ['status', 'opd', 'meetingId', 'overdue'];
const COLUMNS = ['no', 'agenda', 'plan', 'target', 'beneficiaries', 'benefit', 'owner', 'supporting', 'dueDate', 'status', 'progress', 'remarks'];

let shell;
let meetings = [];
let result = { state: 'loading', items: [] };
const filterBox = h('section', { class: 'card filters' });
const tableBox = h('section', { class: 'card matrix' });

async function main() {
  shell = await startPage({ title: () => t('followUps.title'), onLanguageChange: renderAll });
  if (!shell) return;
  // Live: notifications as toasts, and the list reloads when a commitment changes.
  startFollowUpToasts({ onChange: () => scheduleReload() });
  render(shell.main, filterBox, tableBox);
  renderAll();
  const [, list] = await Promise.all([loadOpds(), api.get('/api/meetings').catch(() => [])]);
  meetings = Array.isArray(list) ? list : [];
  renderFilters();
  await load();
}

let reloadTimer;
function scheduleReload() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => load(), 1000);
}

function currentFilters() {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? '']));
}

async function load() {
  result = { state: 'loading', items: [] };
  renderTable();
  try {
    const body = await api.get('/api/follow-ups', { query: currentFilters() });
    const items = Array.isArray(body) ? body : body?.items ?? [];
    result = { state: 'ok', items };
  } catch (err) {
    if (err.status === 404 || err.status === 405) {
      result = { state: 'unavailable', items: [] };
    } else {
      result = { state: 'error', items: [] };
      shell.showError(err.message);
    }
  }
  renderTable();
}

function renderAll() {
  renderFilters();
  renderTable();
}

function renderFilters() {
  const f = currentFilters();
  const statusOptions = Object.entries(vocabularyGroup('actionPointStatus')).map(([value, text]) => ({ value, label: text }));
  render(filterBox, h('form', { class: 'filter-form', 'data-testid': 'followups-filter', onsubmit: onFilter },
    field(t('col.status'), h('select', { name: 'status' }, options(statusOptions, f.status, { placeholder: t('followUps.all') }))),
    field(t('tablet.opd'), h('select', { name: 'opd' }, options(opdOptions(), f.opd, { placeholder: t('followUps.all') }))),
    field(t('agenda.meeting'), h('select', { name: 'meetingId' },
      options(meetings.map((m) => ({ value: m.id, label: m.title })), f.meetingId, { placeholder: t('followUps.all') }))),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'overdue', value: 'true', checked: f.overdue === 'true' }), ' ', t('followUps.overdueOnly')),
    h('button', { type: 'submit', 'data-testid': 'followups-apply' }, t('followUps.filter'))));
}

function onFilter(event) {
  event.preventDefault();
  const form = new FormData(event.currentTarget);
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.get(name);
    if (value) params.set(name, String(value));
  }
  const qs = params.toString();
  history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
  shell.clearError();
  load();
}

function renderTable() {
  if (result.state === 'loading') {
    render(tableBox, h('p', { class: 'muted' }, t('common.loading')));
    return;
  }
  if (result.state === 'unavailable') {
    render(tableBox, h('p', { class: 'muted', 'data-testid': 'followups-unavailable' }, t('followUps.unavailable')));
    return;
  }
  const items = result.items;
  render(tableBox,
    h('p', { class: 'muted', 'data-testid': 'followups-count' }, t('followUps.count', { n: items.length })),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'matrix-table', 'data-testid': 'followups-table' },
        h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', { scope: 'col', 'data-col': c }, t(`col.${c}`))))),
        h('tbody', {}, items.length === 0
          ? h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted', 'data-testid': 'followups-empty' }, t('followUps.empty')))
          : items.map((item, i) => row(item, i))))));
}

/** The follow-up shape is the server's; read it tolerantly (flat or with nested parts). */
function row(item, index) {
  const overdue = isOverdue(item, item.timeZone);
  const agenda = item.agendaItemTitle ?? item.agendaTitle ?? item.agendaItem?.title ?? item.meetingTitle ?? '';
  const progress = item.progressPercent ?? item.percent ?? item.progress?.percent ?? item.progress;
  const note = item.lastProgressNote ?? item.progress?.note ?? item.note ?? item.remarks ?? '';
  const remarks = [overdue ? t('ap.overdue') : null, item.dueHumanized, note].filter(Boolean).join(' · ');
  const cell = (col, ...content) => h('td', { 'data-col': col }, ...content);
  return h('tr', { class: overdue ? 'overdue' : undefined, 'data-testid': 'followup-row', 'data-id': item.id, 'data-status': item.status },
    cell('no', String(index + 1)),
    cell('agenda', agenda),
    cell('plan', item.description ?? ''),
    cell('target', item.target ?? ''),
    cell('beneficiaries', item.beneficiaries ?? ''),
    cell('benefit', item.benefit ?? ''),
    cell('owner', h('abbr', { title: opdName(item.ownerOpd) }, item.ownerOpd ?? '')),
    cell('supporting', (item.supportingOpds ?? []).join(', ')),
    cell('dueDate', formatLocalDate(item.dueDate)),
    cell('status', statusBadge('actionPointStatus', item.status)),
    cell('progress', typeof progress === 'number' ? `${progress}%` : ''),
    cell('remarks', remarks));
}

main();
