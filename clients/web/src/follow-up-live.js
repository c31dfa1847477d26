// Live follow-ups: WatchFollowUps on the hub, FollowUpChanged for ledger changes, and the notifications
// (DeadlineApproaching, DeadlineMissed, DailyDigest, AwaitingVerification, ActionPointVerified) shown as toasts.
// Kept in its own module so a page adds it with one call: startFollowUpToasts({ opd }).
import { getSession } from './auth.js';
import { getLang } from './i18n.js';
import { createHubConnection } from './live.js';
import wire from './wire.json' with { type: 'json' };

export const NOTIFICATIONS = wire.notifications;

const TEXT = {
  id: {
    DeadlineApproaching: (n) => `${n.opd}: batas waktu ${n.dueDate} tinggal ${n.daysLeft ?? n.leadDays} hari (H-${n.leadDays}).`,
    DeadlineMissed: (n) => `${n.opd}: batas waktu ${n.dueDate} terlewati — Terlambat.`,
    DailyDigest: (n) => `${n.opd}: ${n.items?.length ?? 0} komitmen jatuh tempo atau terlambat hari ini.`,
    AwaitingVerification: (n) => `${n.opd}: laporan 100% menunggu verifikasi sekretariat.`,
    ActionPointVerified: (n) => (n.status === 'Done' ? `${n.opd}: komitmen diverifikasi — Selesai.` : `${n.opd}: laporan dikembalikan untuk dilengkapi.`),
    close: 'Tutup',
  },
  en: {
    DeadlineApproaching: (n) => `${n.opd}: due ${n.dueDate}, ${n.daysLeft ?? n.leadDays} day(s) left (H-${n.leadDays}).`,
    DeadlineMissed: (n) => `${n.opd}: due date ${n.dueDate} has passed — overdue.`,
    DailyDigest: (n) => `${n.opd}: ${n.items?.length ?? 0} commitment(s) due soon or overdue today.`,
    AwaitingVerification: (n) => `${n.opd}: a 100% report awaits the secretariat's verification.`,
    ActionPointVerified: (n) => (n.status === 'Done' ? `${n.opd}: commitment verified — Done.` : `${n.opd}: report returned for more work.`),
    close: 'Close',
  },
};

/** The toast text of a notification, in the page's language. */
export function notificationText(notification, lang = getLang()) {
  const text = TEXT[lang] ?? TEXT.id;
  const format = text[notification.notification];
  return format ? format(notification) : `${notification.opd}: ${notification.notification}`;
}

/**
 * Subscribes to an agency's follow-ups (a kepala OPD: its own; Secretariat and Chair: `opd` or all with null).
 * Re-subscribes after every reconnect. Returns { connection, stop }.
 */
export function watchFollowUps({ opd = null, connection = createHubConnection(), onChange, onNotification, onError } = {}) {
  const seen = new Set();
  connection.on(wire.hub.followUpChanged, (change) => onChange?.(change));
  for (const name of NOTIFICATIONS) {
    connection.on(name, (notification) => {
      // A notification id names it however often it arrives.
      if (seen.has(notification.id)) return;
      seen.add(notification.id);
      onNotification?.(notification);
    });
  }
  const watch = () => connection.invoke(wire.hub.watchFollowUps, opd).catch((err) => onError?.(err));
  connection.onreconnected(watch);
  let stopped = false;
  (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        if (connection.state === 'Disconnected') await connection.start();
        await watch();
        return;
      } catch (err) {
        onError?.(err);
        await new Promise((r) => setTimeout(r, Math.min(30000, 500 * 2 ** attempt)));
      }
    }
  })();
  return { connection, stop: () => { stopped = true; return connection.stop(); } };
}

let toastBox;

/** Shows a small toast at the bottom right; it closes itself after `ms` or on its button. */
export function showToast(message, { kind = 'info', ms = 10000, lang = getLang() } = {}) {
  if (typeof document === 'undefined') return null;
  if (!toastBox) {
    toastBox = document.createElement('div');
    toastBox.className = 'rakor-toasts';
    toastBox.setAttribute('role', 'status');
    toastBox.setAttribute('aria-live', 'polite');
    Object.assign(toastBox.style, { position: 'fixed', right: '1rem', bottom: '1rem', zIndex: 1000, display: 'flex', flexDirection: 'column', gap: '.5rem', maxWidth: '28rem' });
    document.body.append(toastBox);
  }
  const toast = document.createElement('div');
  toast.className = `rakor-toast rakor-toast-${kind}`;
  toast.dataset.kind = kind;
  Object.assign(toast.style, {
    background: kind === 'late' ? '#8a1c1c' : kind === 'ok' ? '#1d5e2d' : '#1f3b63', color: '#fff', padding: '.6rem .8rem',
    borderRadius: '.4rem', boxShadow: '0 2px 8px rgba(0,0,0,.3)', display: 'flex', gap: '.6rem', alignItems: 'start',
  });
  const text = document.createElement('span');
  text.textContent = message;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = (TEXT[lang] ?? TEXT.id).close;
  Object.assign(close.style, { marginLeft: 'auto', background: 'transparent', color: 'inherit', border: '1px solid currentColor', borderRadius: '.3rem' });
  close.addEventListener('click', () => toast.remove());
  toast.append(text, close);
  toastBox.append(toast);
  if (ms > 0) setTimeout(() => toast.remove(), ms);
  return toast;
}

const KIND = { DeadlineMissed: 'late', ActionPointVerified: 'ok' };

/**
 * The one-line hook for a page: watches follow-ups for the signed-in user (a kepala OPD its own agency, others
 * `opd` or all) and shows each notification as a toast. Roles that may not watch (Viewer, Admin) get nothing.
 */
export function startFollowUpToasts({ opd = null, onChange, connection } = {}) {
  const session = getSession();
  if (!session || !['OpdHead', 'Secretariat', 'Chair'].includes(session.role)) return null;
  return watchFollowUps({
    opd: session.role === 'OpdHead' ? session.opd ?? null : opd,
    connection,
    onChange,
    onNotification: (n) => showToast(notificationText(n), { kind: KIND[n.notification] ?? 'info' }),
  });
}
