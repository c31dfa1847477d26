// "/" — sign-in (user name + password, or a meeting join code), then the list of meetings;
// Secretariat and Chair also create meetings and add agenda items here.
import { api, sendCommand } from '../api.js';
import { canRunMeeting, getSession, nextPathFromQuery, saveSession } from '../auth.js';
import { statusBadge } from '../components.js';
import { field, fieldValue, h, options, render } from '../dom.js';
import { DEFAULT_TIME_ZONE, INDONESIAN_TIME_ZONES, formatDateTime, localDateTimeToIso } from '../format.js';
import { t } from '../i18n.js';
import { startPage } from '../layout.js';
import { loadOpds, opdOptions } from '../opds.js';
import { Outbox } from '../outbox.js';
import { routes } from '../routes.js';

let shell;
let meetings = [];
let opds = [];
let agendaMeetingId = ''; // the meeting the agenda form adds to (the one just created)

async function main() {
  shell = await startPage({
    auth: false,
    title: () => (getSession() ? t('meetings.title') : t('signin.title')),
    onLanguageChange: () => show(),
  });
  await show();
}

/** The join code of a scanned QR link (/?join=CODE): the sign-in joins with it at once. */
const joinFromLink = new URLSearchParams(location.search).get('join');

async function show() {
  let session = getSession();
  // a scanned QR code names the meeting to join, whoever was signed in on this device before
  if (joinFromLink && !session?.joinedWith?.includes(joinFromLink)) session = null;
  if (!session) {
    renderSignIn();
    return;
  }
  render(shell.main, h('p', { class: 'muted' }, t('common.loading')));
  [meetings, opds] = await Promise.all([loadMeetings(session), canRunMeeting(session) ? loadOpds() : []]);
  renderHome(session);
}

// ---------- signed out ----------

function renderSignIn() {
  const pending = new Outbox().size;
  if (pending) shell.notify(t('outbox.signOutPending', { n: pending }));

  const signInForm = h('form', { class: 'card', 'data-testid': 'signin-form', onsubmit: onSignIn },
    h('h2', {}, t('signin.title')),
    field(t('signin.username'), h('input', { name: 'username', autocomplete: 'username', required: true, autofocus: true })),
    field(t('signin.password'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', 'data-testid': 'signin-submit' }, t('signin.submit')));

  const joinForm = h('form', { class: 'card', 'data-testid': 'join-form', onsubmit: onJoin },
    h('h2', {}, t('signin.joinTitle')),
    h('p', { class: 'hint' }, t('signin.joinHint')),
    field(t('signin.code'), h('input', {
      name: 'code', required: true, autocomplete: 'one-time-code', autocapitalize: 'characters', spellcheck: 'false',
    })),
    h('button', { type: 'submit', 'data-testid': 'join-submit' }, t('signin.joinSubmit')));

  render(shell.main, h('div', { class: 'columns' }, signInForm, joinForm));
  if (joinFromLink) {
    joinForm.elements.namedItem('code').value = joinFromLink;
    joinForm.requestSubmit();
  }
}

async function signInWith(form, path, body) {
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  shell.clearError();
  try {
    const response = await api.post(path, body, { token: null });
    shell.session = saveSession(response, { username: body.username ?? null, joinedWith: body.code ? [body.code] : null });
    // joined by a QR link: straight to the meeting (the projector's view for Viewer and Chair codes)
    if (body.code && joinFromLink && response.meetingId) {
      location.assign(['Viewer', 'Chair'].includes(response.role) ? routes.screen(response.meetingId) : routes.tablet(response.meetingId));
      return;
    }
    const next = nextPathFromQuery();
    if (next) {
      location.assign(next);
      return;
    }
    shell.renderHeader();
    shell.clearNotice();
    await show();
  } catch (err) {
    shell.showError(err.message);
  } finally {
    button.disabled = false;
  }
}

function onSignIn(event) {
  event.preventDefault();
  const form = event.currentTarget;
  signInWith(form, '/api/auth/token', {
    username: fieldValue(form, 'username'),
    password: form.elements.namedItem('password').value,
  });
}

function onJoin(event) {
  event.preventDefault();
  const form = event.currentTarget;
  signInWith(form, '/api/auth/join', { code: fieldValue(form, 'code') });
}

// ---------- signed in ----------

async function loadMeetings(session) {
  try {
    // a join-code token is limited to its meeting
    if (session.meetingId) return [await api.get(`/api/meetings/${encodeURIComponent(session.meetingId)}`)];
    const list = await api.get('/api/meetings');
    return Array.isArray(list) ? list : [];
  } catch (err) {
    if (err.status === 401) {
      shell.signOut();
      return [];
    }
    shell.showError(err.message);
    return [];
  }
}

function renderHome(session) {
  const sections = [meetingList(session)];
  if (canRunMeeting(session)) sections.push(h('div', { class: 'columns' }, meetingForm(session), agendaForm()));
  render(shell.main, ...sections);
}

function meetingList(session) {
  const showTablet = session.role !== 'Viewer';
  const sorted = [...meetings].sort((a, b) => String(b.scheduledStart ?? '').localeCompare(String(a.scheduledStart ?? '')));
  return h('section', { class: 'card' },
    h('h2', {}, t('meetings.title')),
    sorted.length === 0
      ? h('p', { class: 'muted', 'data-testid': 'meetings-empty' }, t('meetings.empty'))
      : h('ul', { class: 'meeting-list', 'data-testid': 'meeting-list' }, sorted.map((m) => h('li', {
        class: 'meeting-row', 'data-testid': 'meeting-row', 'data-id': m.id, 'data-status': m.status,
      },
      h('div', { class: 'meeting-row-main' },
        h('strong', {}, m.title),
        h('span', { class: 'muted' }, [formatDateTime(m.scheduledStart, m.timeZone), m.location].filter(Boolean).join(' · '))),
      statusBadge('meetingStatus', m.status, 'meeting-status'),
      h('a', { class: 'button', href: routes.screen(m.id), 'data-testid': 'link-screen' }, t('meetings.screen')),
      showTablet ? h('a', { class: 'button', href: routes.tablet(m.id), 'data-testid': 'link-tablet' }, t('meetings.tablet')) : null,
      session.role === 'Secretariat' ? h('a', { class: 'button', href: routes.desk(m.id), 'data-testid': 'link-desk' }, t('meetings.desk')) : null))));
}

function timeZoneOptions(selected) {
  return options(Object.entries(INDONESIAN_TIME_ZONES)
    .filter(([tz]) => tz !== 'Asia/Pontianak')
    .map(([tz, abbr]) => ({ value: tz, label: `${abbr} (${tz})` })), selected);
}

function meetingForm(session) {
  return h('form', { class: 'card', 'data-testid': 'meeting-form', onsubmit: onCreateMeeting },
    h('h2', {}, t('meetings.create')),
    field(t('meeting.title'), h('input', { name: 'title', required: true, maxlength: 300 })),
    field(t('meeting.scheduledStart'), h('input', { name: 'scheduledStart', type: 'datetime-local', required: true })),
    field(t('meeting.location'), h('input', { name: 'location', required: true })),
    field(t('meeting.chair'), h('input', { name: 'chair', required: true, value: session.role === 'Chair' ? session.displayName ?? '' : '' })),
    field(t('meeting.timeZone'), h('select', { name: 'timeZone' }, timeZoneOptions(DEFAULT_TIME_ZONE))),
    h('button', { type: 'submit', 'data-testid': 'meeting-submit' }, t('meetings.create')));
}

function agendaForm() {
  return h('form', { class: 'card', 'data-testid': 'agenda-form', onsubmit: onAddAgendaItem },
    h('h2', {}, t('agenda.add')),
    field(t('agenda.meeting'), h('select', { name: 'meetingId', required: true },
      options(meetings.filter((m) => m.status !== 'Closed').map((m) => ({ value: m.id, label: m.title })), agendaMeetingId, { placeholder: '' }))),
    field(t('agenda.itemTitle'), h('input', { name: 'title', required: true })),
    field(t('agenda.presenterOpd'), h('select', { name: 'presenterOpd', required: true }, options(opdOptions(opds), undefined, { placeholder: '' }))),
    field(t('agenda.timeboxMinutes'), h('input', { name: 'timeboxMinutes', type: 'number', min: 1, max: 600, step: 1, value: 10, required: true })),
    h('button', { type: 'submit', 'data-testid': 'agenda-submit' }, t('agenda.add')));
}

async function submitCommand(form, path, body, onDone) {
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  shell.clearError();
  shell.clearNotice();
  try {
    const result = await sendCommand('POST', path, body);
    await onDone(result);
  } catch (err) {
    shell.showError(err.message);
  } finally {
    button.disabled = false;
  }
}

function onCreateMeeting(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const timeZone = fieldValue(form, 'timeZone') || DEFAULT_TIME_ZONE;
  submitCommand(form, '/api/meetings', {
    title: fieldValue(form, 'title'),
    scheduledStart: localDateTimeToIso(fieldValue(form, 'scheduledStart'), timeZone),
    location: fieldValue(form, 'location'),
    chair: fieldValue(form, 'chair'),
    timeZone,
  }, async (created) => {
    if (created?.id != null) agendaMeetingId = String(created.id);
    const session = getSession();
    meetings = await loadMeetings(session);
    renderHome(session);
    shell.notify(t('meetings.created'));
  });
}

function onAddAgendaItem(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const meetingId = fieldValue(form, 'meetingId');
  submitCommand(form, `/api/meetings/${encodeURIComponent(meetingId)}/agenda-items`, {
    title: fieldValue(form, 'title'),
    presenterOpd: fieldValue(form, 'presenterOpd'),
    timeboxMinutes: Number(fieldValue(form, 'timeboxMinutes')),
  }, () => {
    agendaMeetingId = meetingId;
    form.elements.namedItem('title').value = '';
    form.elements.namedItem('presenterOpd').value = '';
    form.elements.namedItem('title').focus();
    shell.notify(t('agenda.added'));
  });
}

main();
