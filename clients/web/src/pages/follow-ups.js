// /follow-ups — the secretariat's dashboard: the follow-up list across meetings with every
// filter of GET /api/follow-ups (urgency order, paged), the verification queue with the
// evidence shown inline (accept → Done, return with a note → InProgress), the agencies'
// scorecards with a bar per agency, and the matrix export (XLSX).
import { api, sendCommand } from '../api.js';
import { getToken } from '../auth.js';
import { statusBadge } from '../components.js';
import { field, h, options, render } from '../dom.js';
import { formatLocalDate } from '../format.js';
import { getLang, t, vocabularyGroup } from '../i18n.js';
import { startPage } from '../layout.js';
import { loadOpds, opdName, opdOptions } from '../opds.js';
import { startFollowUpToasts } from '../follow-up-live.js';

const FILTERS = ['status', 'opd', 'meetingId', 'overdue', 'dueBefore', 'q', 'page'];
const PAGE_SIZE = 25;
const COLUMNS = ['no', 'agenda', 'plan', 'target', 'beneficiaries', 'benefit', 'owner', 'supporting', 'dueDate', 'status', 'progress', 'remarks'];

let shell;
let meetings = [];
let result = { state: 'loading', items: [], total: 0 };
let queue = { state: 'loading', items: [] };
let scores = { state: 'loading', agencies: [] };
const filterBox = h('section', { class: 'card filters' });
const queueBox = h('section', { class: 'card verification-queue', 'data-testid': 'verification-queue' });
const scoreBox = h('section', { class: 'card scorecards', 'data-testid': 'scorecards' });
const tableBox = h('section', { class: 'card matrix' });
const blobUrls = new Map();

async function main() {
  shell = await startPage({ title: () => t('followUps.title'), onLanguageChange: () => { renderAll(); loadAll(); } });
  if (!shell) return;
  // Live: notifications as toasts, and the list reloads when a commitment changes.
  startFollowUpToasts({ onChange: () => scheduleReload() });
  render(shell.main, filterBox, h('div', { class: 'columns' }, queueBox, scoreBox), tableBox);
  renderAll();
  const [, list] = await Promise.all([loadOpds(), api.get('/api/meetings').catch(() => [])]);
  meetings = Array.isArray(list) ? list : [];
  renderFilters();
  await loadAll();
}

let reloadTimer;
// A change reaches the read model just after its answer, and several may arrive at once: one reload of all three lists.
function scheduleReload(ms = 1000) {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(loadAll, ms);
}
const langHeader = () => ({ 'Accept-Language': getLang() === 'en' ? 'en' : 'id' });

function currentFilters() {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? '']));
}

async function loadAll() {
  await Promise.all([loadList(), loadQueue(), loadScores()]);
}

async function loadList() {
  result = { ...result, state: 'loading' };
  renderTable();
  try {
    const body = await api.get('/api/follow-ups', { query: { ...currentFilters(), pageSize: PAGE_SIZE }, headers: langHeader() });
    result = { state: 'ok', items: body?.items ?? [], total: body?.total ?? 0, page: body?.page ?? 1, pageSize: body?.pageSize ?? PAGE_SIZE };
  } catch (err) {
    result = { state: 'error', items: [], total: 0 };
    shell.showError(err.message);
  }
  renderTable();
}

async function loadQueue() {
  try {
    const body = await api.get('/api/follow-ups', { query: { status: 'AwaitingVerification', pageSize: 50 }, headers: langHeader() });
    queue = { state: 'ok', items: body?.items ?? [] };
  } catch (err) {
    queue = { state: 'error', items: [] };
  }
  renderQueue();
}

async function loadScores() {
  try {
    const body = await api.get('/api/scorecards');
    scores = { state: 'ok', agencies: body?.agencies ?? [] };
  } catch {
    scores = { state: 'error', agencies: [] };
  }
  renderScores();
}

function renderAll() {
  renderFilters();
  renderQueue();
  renderScores();
  renderTable();
}

// ---------- filters ----------

function renderFilters() {
  const f = currentFilters();
  const statusOptions = Object.entries(vocabularyGroup('actionPointStatus')).map(([value, text]) => ({ value, label: text }));
  render(filterBox, h('form', { class: 'filter-form', 'data-testid': 'followups-filter', onsubmit: onFilter },
    field(t('col.status'), h('select', { name: 'status' }, options(statusOptions, f.status, { placeholder: t('followUps.all') }))),
    field(t('tablet.opd'), h('select', { name: 'opd' }, options(opdOptions(), f.opd, { placeholder: t('followUps.all') }))),
    field(t('agenda.meeting'), h('select', { name: 'meetingId' },
      options(meetings.map((m) => ({ value: m.id, label: m.title })), f.meetingId, { placeholder: t('followUps.all') }))),
    field(t('followUps.dueBefore'), h('input', { type: 'date', name: 'dueBefore', value: f.dueBefore })),
    field(t('followUps.search'), h('input', { type: 'search', name: 'q', value: f.q, 'data-testid': 'followups-q' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'overdue', value: 'true', checked: f.overdue === 'true' }), ' ', t('followUps.overdueOnly')),
    h('button', { type: 'submit', 'data-testid': 'followups-apply' }, t('followUps.filter')),
    h('button', { type: 'button', class: 'secondary', 'data-testid': 'followups-export', onclick: onExport }, t('followUps.export'))));
}

function setFilters(values) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (values[name]) params.set(name, String(values[name]));
  const qs = params.toString();
  history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
}

function onFilter(event) {
  event.preventDefault();
  const form = new FormData(event.currentTarget);
  setFilters(Object.fromEntries(FILTERS.filter((n) => n !== 'page').map((n) => [n, form.get(n)])));
  shell.clearError();
  loadList();
}

/** The export needs the bearer token, so it is fetched and handed to the browser as a download. */
async function onExport() {
  const { page, ...filters } = currentFilters();
  const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  try {
    const response = await fetch(`/api/follow-ups/export.xlsx${qs ? `?${qs}` : ''}`, { headers: { Authorization: `Bearer ${getToken()}` } });
    if (!response.ok) throw new Error((await response.json().catch(() => null))?.detail ?? response.statusText);
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: 'matriks-tindak-lanjut.xlsx' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    shell.showError(String(err?.message ?? err));
  }
}

// ---------- verification queue ----------

/** An evidence file read with the bearer token, as a blob URL an <img> or a link can use. */
async function evidenceUrl(id) {
  if (blobUrls.has(id)) return blobUrls.get(id);
  const response = await fetch(`/api/evidence/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${getToken()}` } });
  if (!response.ok) throw new Error(response.statusText);
  const blob = await response.blob();
  const url = { href: URL.createObjectURL(blob), type: blob.type };
  blobUrls.set(id, url);
  return url;
}

function evidenceView(id) {
  const box = h('div', { class: 'evidence', 'data-testid': 'evidence', 'data-evidence-id': id }, h('span', { class: 'muted' }, t('common.loading')));
  evidenceUrl(id).then(({ href, type }) => {
    if (type.startsWith('image/')) render(box, h('img', { class: 'evidence', src: href, alt: t('followUps.evidence'), 'data-testid': 'evidence-image' }));
    else render(box, h('a', { href, target: '_blank', rel: 'noopener', 'data-testid': 'evidence-link' }, `${t('followUps.evidence')} (${type.split(';')[0]})`));
  }).catch((err) => render(box, h('span', { class: 'muted' }, String(err?.message ?? err))));
  return box;
}

function renderQueue() {
  if (queue.state === 'loading') {
    render(queueBox, h('h2', {}, t('followUps.queue')), h('p', { class: 'muted' }, t('common.loading')));
    return;
  }
  render(queueBox, h('h2', {}, t('followUps.queue'), ' ', h('span', { class: 'count', 'data-testid': 'queue-count' }, String(queue.items.length))),
    queue.items.length === 0
      ? h('p', { class: 'muted', 'data-testid': 'queue-empty' }, t('followUps.queueEmpty'))
      : queue.items.map(queueItem));
}

function queueItem(item) {
  const report = [...(item.history ?? [])].reverse().find((c) => c.kind === 'ProgressReported');
  const evidence = [...new Set((item.history ?? []).flatMap((c) => c.evidenceIds ?? []))];
  const form = h('form', { class: 'verify-form', 'data-testid': 'verify-form', 'data-id': item.id, onsubmit: (e) => e.preventDefault() },
    field(t('followUps.verifyNote'), h('textarea', { name: 'note', rows: 2 })),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', 'data-testid': 'verify-accept', onclick: () => verify(item, form, true) }, t('followUps.accept')),
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'verify-return', onclick: () => verify(item, form, false) }, t('followUps.return'))));
  return h('article', { class: 'queue-item', 'data-testid': 'queue-item', 'data-id': item.id },
    h('header', {}, h('strong', {}, item.ownerOpd), ' · ', item.meetingTitle ?? '', ' · ', statusBadge('actionPointStatus', item.status)),
    h('p', {}, item.description ?? ''),
    report ? h('p', { class: 'muted' }, `${report.percent ?? item.progressPercent}% — ${report.note ?? ''}`) : null,
    report?.evidenceUrl ? h('p', {}, h('a', { href: report.evidenceUrl, target: '_blank', rel: 'noopener noreferrer' }, report.evidenceUrl)) : null,
    evidence.map(evidenceView),
    form);
}

async function verify(item, form, accepted) {
  shell.clearError();
  const note = form.elements.namedItem('note').value.trim();
  try {
    await sendCommand('POST', `/api/action-points/${encodeURIComponent(item.id)}/verify`, { accepted, note: note || null });
    shell.notify?.(t('followUps.verified'));
    // The read model follows the commitment's meeting through its outbox, just after the answer: take the item off the
    // queue now and read the lists again a moment later.
    queue = { ...queue, items: queue.items.filter((i) => i.id !== item.id) };
    renderQueue();
    scheduleReload(750);
  } catch (err) {
    shell.showError(err.message);
  }
}

// ---------- scorecards ----------

function renderScores() {
  const agencies = scores.agencies.filter((a) => a.total > 0);
  render(scoreBox, h('h2', {}, t('followUps.scorecards')),
    scores.state === 'loading' ? h('p', { class: 'muted' }, t('common.loading')) : null,
    h('div', { class: 'score-bars' }, agencies.map((a) => {
      const pct = (n) => `${a.total ? (100 * n) / a.total : 0}%`;
      const s = a.byStatus ?? {};
      const openNotLate = Math.max(0, (s.Open ?? 0) + (s.InProgress ?? 0) - a.overdue);
      return h('div', { class: 'score-bar', 'data-testid': 'score-bar', 'data-opd': a.opd, title: opdName(a.opd) },
        h('span', {}, `${a.rank}. ${a.opd}`),
        h('span', { class: 'track', role: 'img', 'aria-label': `${a.opd}: ${s.Done ?? 0}/${a.total}` },
          h('span', { class: 'seg-done', style: `width:${pct(s.Done ?? 0)}` }),
          h('span', { class: 'seg-awaiting', style: `width:${pct(s.AwaitingVerification ?? 0)}` }),
          h('span', { class: 'seg-open', style: `width:${pct(openNotLate)}` }),
          h('span', { class: 'seg-overdue', style: `width:${pct(a.overdue)}` })),
        h('span', { 'data-testid': 'score-rate' }, a.onTimeRate == null ? '—' : `${Math.round(a.onTimeRate * 100)}%`));
    })),
    agencies.length ? h('p', { class: 'muted' }, `${t('followUps.onTime')} · ${t('followUps.avgLate')}: `,
      agencies.map((a) => `${a.opd} ${a.averageDaysLate}`).join(', ')) : null);
}

// ---------- the list ----------

function renderTable() {
  if (result.state === 'loading' && result.items.length === 0) {
    render(tableBox, h('p', { class: 'muted' }, t('common.loading')));
    return;
  }
  const items = result.items;
  const page = result.page ?? 1;
  const pages = Math.max(1, Math.ceil((result.total ?? 0) / (result.pageSize ?? PAGE_SIZE)));
  const go = (p) => { setFilters({ ...currentFilters(), page: p > 1 ? p : '' }); loadList(); };
  render(tableBox,
    h('p', { class: 'muted', 'data-testid': 'followups-count' }, t('followUps.count', { n: result.total ?? items.length })),
    h('div', { class: 'table-scroll' },
      h('table', { class: 'matrix-table', 'data-testid': 'followups-table' },
        h('thead', {}, h('tr', {}, COLUMNS.map((c) => h('th', { scope: 'col', 'data-col': c }, t(`col.${c}`))))),
        h('tbody', {}, items.length === 0
          ? h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted', 'data-testid': 'followups-empty' }, t('followUps.empty')))
          : items.map((item, i) => row(item, (page - 1) * (result.pageSize ?? PAGE_SIZE) + i))))),
    h('div', { class: 'pager' },
      h('button', { type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => go(page - 1) }, t('followUps.prev')),
      h('span', { 'data-testid': 'followups-page' }, t('followUps.page', { page, pages })),
      h('button', { type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => go(page + 1) }, t('followUps.next'))));
}

function row(item, index) {
  const note = [...(item.history ?? [])].reverse().find((c) => c.note)?.note ?? '';
  const remarks = [item.isOverdue ? `${t('ap.overdue')} (${item.daysOverdue})` : null, item.dueHumanized,
    item.carriedCount ? t('progress.carried', { n: item.carriedCount }) : null, item.needsChairAttention ? `⚑ ${t('progress.flag')}` : null,
    item.statusReason, note].filter(Boolean).join(' · ');
  const cell = (col, ...content) => h('td', { 'data-col': col }, ...content);
  return h('tr', { class: item.isOverdue ? 'overdue' : undefined, 'data-testid': 'followup-row', 'data-id': item.id, 'data-status': item.status },
    cell('no', String(index + 1)),
    cell('agenda', item.meetingTitle ?? ''),
    cell('plan', item.description ?? ''),
    cell('target', item.target ?? ''),
    cell('beneficiaries', item.beneficiaries ?? ''),
    cell('benefit', item.benefit ?? ''),
    cell('owner', h('abbr', { title: opdName(item.ownerOpd) }, item.ownerOpd ?? '')),
    cell('supporting', (item.supportingOpds ?? []).join(', ')),
    cell('dueDate', formatLocalDate(item.dueDate)),
    cell('status', statusBadge('actionPointStatus', item.status)),
    cell('progress', `${item.progressPercent ?? 0}%`),
    cell('remarks', remarks));
}

main();
