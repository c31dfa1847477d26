// UI pieces shared by the pages: status badges, meeting header, commitment cards.
import { h } from './dom.js';
import { formatDateTime, formatLocalDate, isOverdue } from './format.js';
import { label, t } from './i18n.js';
import { opdName } from './opds.js';

/** A status label from the server vocabulary, e.g. group 'meetingStatus'. */
export function statusBadge(group, status, testid) {
  return h('span', { class: `status status-${status ?? 'unknown'}`, 'data-testid': testid, 'data-status': status ?? '' },
    label(group, status));
}

/** Hub connection state. */
export function connectionBadge(status) {
  return h('span', { class: `connection connection-${status}`, 'data-testid': 'connection', 'data-status': status },
    t(`live.${status}`));
}

/** The last applied event number. */
export function seqBadge(seq) {
  return h('span', { class: 'seq', title: t('meeting.seq') }, '#', h('span', { 'data-testid': 'seq' }, String(seq ?? 0)));
}

/** Title, status, when and where: the top of the screen and tablet views. */
export function meetingSummary(state) {
  return [
    h('h1', { class: 'meeting-title', 'data-testid': 'meeting-title' }, state.title ?? ''),
    h('div', { class: 'meeting-meta' },
      statusBadge('meetingStatus', state.status, 'meeting-status'),
      h('span', { 'data-testid': 'meeting-scheduled' }, formatDateTime(state.scheduledStart, state.timeZone)),
      state.location ? h('span', { 'data-testid': 'meeting-location' }, state.location) : null,
      state.chair ? h('span', { 'data-testid': 'meeting-chair' }, `${t('meeting.chair')}: ${state.chair}`) : null),
  ];
}

function opdLabel(code) {
  const name = opdName(code);
  return h('abbr', { title: name !== code ? name : undefined }, code);
}

/**
 * One commitment: who (lead and supporting OPD), what, target, sasaran, manfaat, due date,
 * status. `actions` are extra nodes (e.g. an edit button).
 */
export function actionPointCard(ap, { timeZone, agenda = [], actions = null, fresh = false } = {}) {
  const overdue = isOverdue(ap, timeZone);
  const item = agenda.find((i) => i.id === ap.agendaItemId);
  const row = (key, value, testid) => h('div', { class: 'ap-row' },
    h('dt', {}, t(key)), h('dd', { 'data-testid': testid }, value || t('common.none')));
  return h('article', {
    class: ['action-point', overdue && 'overdue', fresh && 'fresh'],
    'data-testid': 'action-point', 'data-id': ap.id, 'data-status': ap.status, 'data-version': ap.version,
  },
  h('header', { class: 'ap-head' },
    h('strong', { class: 'ap-owner', 'data-testid': 'ap-owner' }, opdLabel(ap.ownerOpd)),
    statusBadge('actionPointStatus', ap.status, 'ap-status'),
    overdue ? h('span', { class: 'status status-overdue', 'data-testid': 'ap-overdue' }, t('ap.overdue')) : null),
  h('p', { class: 'ap-description', 'data-testid': 'ap-description' }, ap.description ?? ''),
  h('dl', { class: 'ap-fields' },
    row('ap.target', ap.target, 'ap-target'),
    row('ap.beneficiaries', ap.beneficiaries, 'ap-beneficiaries'),
    row('ap.benefit', ap.benefit, 'ap-benefit'),
    row('ap.dueDate', formatLocalDate(ap.dueDate), 'ap-due-date'),
    ap.supportingOpds?.length
      ? row('ap.supporting', ap.supportingOpds.flatMap((c, i) => (i ? [', ', opdLabel(c)] : [opdLabel(c)])), 'ap-supporting')
      : null,
    item ? row('ap.agendaItem', item.title, 'ap-agenda') : null),
  actions ? h('footer', { class: 'ap-actions' }, actions) : null);
}
