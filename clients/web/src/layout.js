// The frame every page shares: header (home, follow-ups, who is signed in, language
// toggle, sign-out), the error and notice regions, and the page's <main>.
import './styles.css';
import { api } from './api.js';
import { clearSession, getSession, requireSession } from './auth.js';
import { h, render } from './dom.js';
import { getLang, label, loadVocabulary, setLang, t } from './i18n.js';
import { routes } from './routes.js';

/**
 * Prepares a page: session (redirects to sign-in when `auth` and there is none),
 * language, vocabulary. Returns the shell, or null when redirected.
 * @param {{auth?: boolean, title: () => string, onLanguageChange?: () => void}} options
 */
export async function startPage({ auth = true, title, onLanguageChange }) {
  document.documentElement.lang = getLang();
  const session = auth ? requireSession() : getSession();
  if (auth && !session) return null;
  await loadVocabulary((path) => api.get(path));
  return createShell({ session, title, onLanguageChange });
}

function createShell({ session, title, onLanguageChange }) {
  const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
  const header = h('header', { class: 'topbar' });
  const errorBox = h('div', { class: 'banner banner-error', 'data-testid': 'error', role: 'alert', hidden: true });
  const noticeBox = h('div', { class: 'banner banner-notice', 'data-testid': 'notice', role: 'status', hidden: true });
  const main = h('main', { class: 'page' });
  render(app, header, errorBox, noticeBox, main);

  const shell = {
    session,
    main,
    renderHeader() {
      // read at each render: the sign-in page gets its session after the header was first drawn
      const { session } = shell;
      document.title = `${title()} · ${t('app.name')}`;
      render(header,
        h('a', { class: 'brand', href: routes.home() }, t('app.name')),
        h('span', { class: 'page-title' }, title()),
        h('nav', { class: 'nav' },
          session ? h('a', { href: routes.home(), 'data-testid': 'nav-home' }, t('nav.home')) : null,
          session ? h('a', { href: routes.followUps(), 'data-testid': 'nav-follow-ups' }, t('nav.followUps')) : null),
        h('span', { class: 'spacer' }),
        session
          ? h('span', { class: 'who', 'data-testid': 'who', 'data-role': session.role },
            session.displayName ?? '', ' · ', label('roles', session.role), session.opd ? ` · ${session.opd}` : '')
          : null,
        h('button', {
          type: 'button', class: 'link-button', 'data-testid': 'lang-toggle', lang: getLang() === 'id' ? 'en' : 'id',
          title: t('nav.languageTitle'), onclick: () => shell.toggleLanguage(),
        }, t('nav.language')),
        session
          ? h('button', { type: 'button', class: 'link-button', 'data-testid': 'signout', onclick: () => shell.signOut() }, t('nav.signOut'))
          : null);
    },
    async toggleLanguage() {
      setLang(getLang() === 'id' ? 'en' : 'id');
      await loadVocabulary((path) => api.get(path));
      shell.renderHeader();
      shell.clearError();
      shell.clearNotice();
      onLanguageChange?.();
    },
    signOut() {
      clearSession();
      location.assign(routes.home());
    },
    showError(message) {
      errorBox.textContent = message;
      errorBox.hidden = !message;
      // the person may be far down a long form (the tablet): bring the message into view
      if (message) errorBox.scrollIntoView?.({ block: 'nearest' });
    },
    clearError() {
      shell.showError('');
    },
    notify(message) {
      noticeBox.textContent = message;
      noticeBox.hidden = !message;
    },
    clearNotice() {
      shell.notify('');
    },
  };
  shell.renderHeader();
  return shell;
}
