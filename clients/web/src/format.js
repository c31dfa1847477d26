// Dates and times in the meeting's time zone, Indonesian style ("pukul 09.00 WIB").
import { locale, t } from './i18n.js';

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

/** The Indonesian time zones a deployment can use, with their abbreviations. */
export const INDONESIAN_TIME_ZONES = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

function zone(timeZone) {
  return timeZone || DEFAULT_TIME_ZONE;
}

function toDate(value) {
  if (value instanceof Date) return value;
  if (value == null || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parts(date, timeZone, options) {
  const out = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone: zone(timeZone), ...options }).formatToParts(date)) {
    out[p.type] = p.value;
  }
  return out;
}

/** "WIB" / "WITA" / "WIT", or what Intl calls other zones (e.g. "GMT+2"). */
export function timeZoneAbbreviation(timeZone, at = new Date()) {
  const tz = zone(timeZone);
  if (INDONESIAN_TIME_ZONES[tz]) return INDONESIAN_TIME_ZONES[tz];
  return parts(at, tz, { timeZoneName: 'short' }).timeZoneName ?? tz;
}

/** "09.00 WIB": 24-hour clock with a dot, as Indonesian spelling wants. */
export function formatClock(value, timeZone) {
  const date = toDate(value);
  if (!date) return '';
  const p = parts(date, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.hour}.${p.minute} ${timeZoneAbbreviation(timeZone, date)}`;
}

/** "pukul 09.00 WIB" (English: "at 09.00 WIB"). */
export function formatTime(value, timeZone, lang) {
  const clock = formatClock(value, timeZone);
  return clock ? t('time.at', { time: clock }, lang) : '';
}

/** "Senin, 17 November 2025" in the meeting's zone. */
export function formatDate(value, timeZone, lang) {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: zone(timeZone), weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  }).format(date);
}

/** "Senin, 17 November 2025, pukul 09.00 WIB". */
export function formatDateTime(value, timeZone, lang) {
  const date = toDate(value);
  if (!date) return '';
  return `${formatDate(date, timeZone, lang)}, ${formatTime(date, timeZone, lang)}`;
}

/** A local date "yyyy-MM-dd" (a due date) as "30 November 2025", with no zone shift. */
export function formatLocalDate(isoDate, lang) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate ?? '');
  if (!m) return isoDate ?? '';
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric',
  }).format(date);
}

/** Today's local date "yyyy-MM-dd" in `timeZone`. */
export function todayIn(timeZone, now = new Date()) {
  const p = parts(now, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

const CLOSED_ACTION_POINT_STATUSES = ['Done', 'Dropped'];

/** "Terlambat": due date passed in the meeting's zone and not Done or Dropped. */
export function isOverdue(actionPoint, timeZone, now = new Date()) {
  if (typeof actionPoint?.isOverdue === 'boolean') return actionPoint.isOverdue; // server knows best
  if (!actionPoint?.dueDate || CLOSED_ACTION_POINT_STATUSES.includes(actionPoint.status)) return false;
  return actionPoint.dueDate.slice(0, 10) < todayIn(timeZone, now);
}

/** Offset of `timeZone` at `date` in minutes east of UTC. */
export function timeZoneOffsetMinutes(timeZone, date) {
  const p = parts(date, timeZone, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/**
 * A `<input type="datetime-local">` value read as wall time in `timeZone`, as ISO 8601
 * with that zone's offset: ("2025-11-17T09:00", "Asia/Jakarta") → "2025-11-17T09:00:00+07:00".
 */
export function localDateTimeToIso(localValue, timeZone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(localValue ?? '');
  if (!m) return null;
  const wallAsUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let offset = timeZoneOffsetMinutes(timeZone, new Date(wallAsUtc));
  offset = timeZoneOffsetMinutes(timeZone, new Date(wallAsUtc - offset * 60000)); // settle around DST changes
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${sign}${hh}:${mm}`;
}

/** A countdown "12:05" / "1:02:03"; negative durations are shown as overtime "lewat 02:13". */
export function formatCountdown(ms, lang) {
  const over = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const text = h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
    : `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return over ? t('time.overtime', { time: text }, lang) : text;
}

/** Milliseconds left in an agenda item's time box (negative when over), or null. */
export function timeboxRemaining(item, now = Date.now()) {
  const started = toDate(item?.activatedAt);
  if (!started || !item.timeboxMinutes) return null;
  return started.getTime() + item.timeboxMinutes * 60000 - now;
}
