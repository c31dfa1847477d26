// The signed-in session (token + who), kept in localStorage.
import { storage } from './storage.js';

const SESSION_KEY = 'rakorlive.session';

/** Roles that may run a meeting (start/advance/close, create meetings and agenda). */
export const MEETING_RUNNERS = ['Chair', 'Secretariat'];

/**
 * @typedef {{accessToken: string, expiresAt?: string, role: string, opd?: string|null,
 *   displayName?: string|null, username?: string|null, meetingId?: string|null}} Session
 */

/** @returns {Session|null} the stored session, or null when absent or expired. */
export function getSession() {
  const session = storage.getJson(SESSION_KEY);
  if (!session?.accessToken) return null;
  if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
    storage.remove(SESSION_KEY);
    return null;
  }
  return session;
}

export function getToken() {
  return getSession()?.accessToken ?? null;
}

/** Stores the answer of POST /api/auth/token or /api/auth/join. */
export function saveSession(tokenResponse, extra = {}) {
  const session = {
    accessToken: tokenResponse.accessToken,
    expiresAt: tokenResponse.expiresAt ?? null,
    role: tokenResponse.role,
    opd: tokenResponse.opd ?? null,
    displayName: tokenResponse.displayName ?? null,
    meetingId: tokenResponse.meetingId ?? null,
    ...extra,
  };
  storage.setJson(SESSION_KEY, session);
  return session;
}

export function clearSession() {
  storage.remove(SESSION_KEY);
}

export function hasRole(session, roles) {
  return !!session && roles.includes(session.role);
}

export function canRunMeeting(session) {
  return hasRole(session, MEETING_RUNNERS);
}

/** A session or a redirect to the sign-in page that comes back here afterwards. */
export function requireSession() {
  const session = getSession();
  if (!session) {
    const next = location.pathname + location.search;
    location.replace(`/?next=${encodeURIComponent(next)}`);
    return null;
  }
  return session;
}

/** Where to go after signing in: a same-origin path from ?next=, or null. */
export function nextPathFromQuery(search = location.search) {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}
