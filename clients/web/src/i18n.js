// Page chrome strings (Bahasa Indonesia by default, English available) and the
// status vocabulary, which comes from the server (GET /api/vocabulary?lang=).
import { storage } from './storage.js';

const LANG_KEY = 'rakorlive.lang';
const VOCAB_KEY = (lang) => `rakorlive.vocabulary.${lang}`;
export const LANGUAGES = ['id', 'en'];

const strings = {
  id: {
    'app.name': 'RakorLive',
    'app.tagline': 'Rapat koordinasi dan tindak lanjutnya',
    'nav.home': 'Beranda',
    'nav.followUps': 'Tindak lanjut',
    'nav.signOut': 'Keluar',
    'nav.language': 'English',
    'nav.languageTitle': 'Switch to English',
    'common.loading': 'Memuat…',
    'common.save': 'Simpan',
    'common.cancel': 'Batal',
    'common.close': 'Tutup',
    'common.none': '—',
    'common.networkError': 'Tidak dapat menghubungi server. Periksa jaringan.',
    'common.sessionExpired': 'Sesi berakhir. Silakan masuk kembali.',
    'common.forbidden': 'Anda tidak memiliki akses untuk tindakan ini.',
    'common.notFound': 'Data tidak ditemukan.',
    'common.error': 'Terjadi kesalahan',
    'time.at': 'pukul {time}',
    'time.overtime': 'lewat {time}',
    'signin.title': 'Masuk',
    'signin.username': 'Nama pengguna',
    'signin.password': 'Kata sandi',
    'signin.submit': 'Masuk',
    'signin.joinTitle': 'Gabung dengan kode rapat',
    'signin.joinHint': 'Kode diberikan oleh sekretariat untuk tablet kepala OPD atau layar proyektor.',
    'signin.code': 'Kode rapat',
    'signin.joinSubmit': 'Gabung',
    'signin.signedInAs': 'Masuk sebagai {name} ({role})',
    'meetings.title': 'Daftar rapat',
    'meetings.empty': 'Belum ada rapat.',
    'meetings.screen': 'Layar',
    'meetings.tablet': 'Tablet',
    'meetings.create': 'Buat rapat',
    'meetings.created': 'Rapat dibuat.',
    'meeting.title': 'Judul rapat',
    'meeting.scheduledStart': 'Waktu mulai',
    'meeting.location': 'Tempat',
    'meeting.chair': 'Pimpinan rapat',
    'meeting.timeZone': 'Zona waktu',
    'meeting.status': 'Status',
    'meeting.seq': 'urutan',
    'agenda.title': 'Agenda',
    'agenda.add': 'Tambah agenda',
    'agenda.added': 'Agenda ditambahkan.',
    'agenda.meeting': 'Rapat',
    'agenda.itemTitle': 'Judul agenda',
    'agenda.presenterOpd': 'OPD penyaji',
    'agenda.timeboxMinutes': 'Waktu (menit)',
    'agenda.minutes': '{n} menit',
    'agenda.empty': 'Agenda belum disusun.',
    'agenda.current': 'Agenda saat ini',
    'agenda.noCurrent': 'Belum ada agenda yang sedang dibahas.',
    'screen.start': 'Mulai rapat',
    'screen.advance': 'Agenda berikutnya',
    'screen.close': 'Tutup rapat',
    'screen.attendance': 'Hadir',
    'screen.attendanceCount': '{n} peserta',
    'screen.actionPoints': 'Komitmen tindak lanjut',
    'screen.noActionPoints': 'Belum ada komitmen.',
    'screen.readOnly': 'Tampilan baca saja',
    'live.connecting': 'Menghubungkan…',
    'live.live': 'Terhubung',
    'live.reconnecting': 'Menghubungkan ulang…',
    'live.offline': 'Terputus',
    'ap.owner': 'OPD penanggung jawab',
    'ap.supporting': 'OPD pendukung',
    'ap.description': 'Rencana tindak lanjut',
    'ap.target': 'Target',
    'ap.beneficiaries': 'Sasaran',
    'ap.benefit': 'Manfaat',
    'ap.dueDate': 'Batas waktu',
    'ap.agendaItem': 'Agenda',
    'ap.overdue': 'Terlambat',
    'ap.version': 'versi {n}',
    'tablet.checkin': 'Daftar hadir',
    'tablet.opd': 'OPD',
    'tablet.name': 'Nama',
    'tablet.position': 'Jabatan',
    'tablet.checkinSubmit': 'Hadir',
    'tablet.checkedIn': 'Tercatat hadir {time}.',
    'tablet.addCommitment': 'Tambah komitmen',
    'tablet.submitCommitment': 'Kirim komitmen',
    'tablet.supportingHint': 'Tahan Ctrl/⌘ atau ketuk untuk memilih beberapa OPD.',
    'tablet.ownCommitments': 'Komitmen OPD kami',
    'tablet.allCommitments': 'Semua komitmen',
    'tablet.noCommitments': 'Belum ada komitmen.',
    'tablet.edit': 'Ubah',
    'tablet.noChanges': 'Tidak ada perubahan.',
    'tablet.closed': 'Rapat sudah ditutup.',
    'outbox.pending': 'menunggu terkirim',
    'outbox.allSent': 'Semua terkirim',
    'outbox.paused': 'Tertahan: silakan masuk kembali untuk mengirim.',
    'outbox.retrying': 'percobaan ke-{n}',
    'outbox.rejected': 'Ditolak server: {label}',
    'outbox.signOutPending': '{n} perintah belum terkirim dan tetap tersimpan di perangkat ini.',
    'cmd.checkin': 'Daftar hadir {name}',
    'cmd.addActionPoint': 'Komitmen baru: {description}',
    'cmd.editActionPoint': 'Ubah komitmen: {description}',
    'followUps.title': 'Matriks tindak lanjut',
    'followUps.filter': 'Tampilkan',
    'followUps.all': 'Semua',
    'followUps.overdueOnly': 'Hanya yang terlambat',
    'followUps.unavailable': 'Daftar tindak lanjut belum tersedia di server ini.',
    'followUps.empty': 'Tidak ada tindak lanjut untuk filter ini.',
    'followUps.count': '{n} tindak lanjut',
    'col.no': 'No',
    'col.agenda': 'Agenda / Permasalahan',
    'col.plan': 'Rencana Tindak Lanjut',
    'col.target': 'Target',
    'col.beneficiaries': 'Sasaran',
    'col.benefit': 'Manfaat',
    'col.owner': 'OPD Penanggung Jawab',
    'col.supporting': 'OPD Pendukung',
    'col.dueDate': 'Batas Waktu',
    'col.status': 'Status',
    'col.progress': 'Progres',
    'col.remarks': 'Keterangan',
  },
  en: {
    'app.name': 'RakorLive',
    'app.tagline': 'Coordination meetings and their follow-up',
    'nav.home': 'Home',
    'nav.followUps': 'Follow-ups',
    'nav.signOut': 'Sign out',
    'nav.language': 'Bahasa Indonesia',
    'nav.languageTitle': 'Ganti ke Bahasa Indonesia',
    'common.loading': 'Loading…',
    'common.save': 'Save',
    'common.cancel': 'Cancel',
    'common.close': 'Close',
    'common.none': '—',
    'common.networkError': 'Cannot reach the server. Check the network.',
    'common.sessionExpired': 'Your session has ended. Please sign in again.',
    'common.forbidden': 'You are not allowed to do this.',
    'common.notFound': 'Not found.',
    'common.error': 'Something went wrong',
    'time.at': 'at {time}',
    'time.overtime': '{time} over',
    'signin.title': 'Sign in',
    'signin.username': 'Username',
    'signin.password': 'Password',
    'signin.submit': 'Sign in',
    'signin.joinTitle': 'Join with a meeting code',
    'signin.joinHint': 'The secretariat hands out codes for agency heads’ tablets and the projector screen.',
    'signin.code': 'Meeting code',
    'signin.joinSubmit': 'Join',
    'signin.signedInAs': 'Signed in as {name} ({role})',
    'meetings.title': 'Meetings',
    'meetings.empty': 'No meetings yet.',
    'meetings.screen': 'Screen',
    'meetings.tablet': 'Tablet',
    'meetings.create': 'Create meeting',
    'meetings.created': 'Meeting created.',
    'meeting.title': 'Meeting title',
    'meeting.scheduledStart': 'Start time',
    'meeting.location': 'Location',
    'meeting.chair': 'Chair',
    'meeting.timeZone': 'Time zone',
    'meeting.status': 'Status',
    'meeting.seq': 'seq',
    'agenda.title': 'Agenda',
    'agenda.add': 'Add agenda item',
    'agenda.added': 'Agenda item added.',
    'agenda.meeting': 'Meeting',
    'agenda.itemTitle': 'Item title',
    'agenda.presenterOpd': 'Presenting agency',
    'agenda.timeboxMinutes': 'Time box (minutes)',
    'agenda.minutes': '{n} min',
    'agenda.empty': 'No agenda yet.',
    'agenda.current': 'Current item',
    'agenda.noCurrent': 'No item is being discussed.',
    'screen.start': 'Start meeting',
    'screen.advance': 'Next item',
    'screen.close': 'Close meeting',
    'screen.attendance': 'Present',
    'screen.attendanceCount': '{n} attendees',
    'screen.actionPoints': 'Commitments',
    'screen.noActionPoints': 'No commitments yet.',
    'screen.readOnly': 'Read-only view',
    'live.connecting': 'Connecting…',
    'live.live': 'Connected',
    'live.reconnecting': 'Reconnecting…',
    'live.offline': 'Disconnected',
    'ap.owner': 'Lead agency',
    'ap.supporting': 'Supporting agencies',
    'ap.description': 'Follow-up plan',
    'ap.target': 'Target',
    'ap.beneficiaries': 'Beneficiaries',
    'ap.benefit': 'Benefit',
    'ap.dueDate': 'Due date',
    'ap.agendaItem': 'Agenda item',
    'ap.overdue': 'Overdue',
    'ap.version': 'version {n}',
    'tablet.checkin': 'Attendance',
    'tablet.opd': 'Agency',
    'tablet.name': 'Name',
    'tablet.position': 'Position',
    'tablet.checkinSubmit': 'Check in',
    'tablet.checkedIn': 'Checked in {time}.',
    'tablet.addCommitment': 'Add a commitment',
    'tablet.submitCommitment': 'Submit commitment',
    'tablet.supportingHint': 'Hold Ctrl/⌘ or tap to pick several agencies.',
    'tablet.ownCommitments': 'Our agency’s commitments',
    'tablet.allCommitments': 'All commitments',
    'tablet.noCommitments': 'No commitments yet.',
    'tablet.edit': 'Edit',
    'tablet.noChanges': 'Nothing changed.',
    'tablet.closed': 'The meeting is closed.',
    'outbox.pending': 'waiting to be sent',
    'outbox.allSent': 'All sent',
    'outbox.paused': 'On hold: sign in again to send.',
    'outbox.retrying': 'attempt {n}',
    'outbox.rejected': 'Rejected by the server: {label}',
    'outbox.signOutPending': '{n} commands are not sent yet and stay saved on this device.',
    'cmd.checkin': 'Check-in of {name}',
    'cmd.addActionPoint': 'New commitment: {description}',
    'cmd.editActionPoint': 'Edit commitment: {description}',
    'followUps.title': 'Follow-up matrix',
    'followUps.filter': 'Show',
    'followUps.all': 'All',
    'followUps.overdueOnly': 'Overdue only',
    'followUps.unavailable': 'The follow-up list is not available on this server yet.',
    'followUps.empty': 'No follow-ups match this filter.',
    'followUps.count': '{n} follow-ups',
    'col.no': 'No',
    'col.agenda': 'Agenda / Issue',
    'col.plan': 'Follow-up Plan',
    'col.target': 'Target',
    'col.beneficiaries': 'Beneficiaries',
    'col.benefit': 'Benefit',
    'col.owner': 'Lead Agency',
    'col.supporting': 'Supporting Agencies',
    'col.dueDate': 'Due Date',
    'col.status': 'Status',
    'col.progress': 'Progress',
    'col.remarks': 'Remarks',
  },
};

export function getLang() {
  const saved = storage.get(LANG_KEY);
  return LANGUAGES.includes(saved) ? saved : 'id';
}

export function setLang(lang) {
  if (!LANGUAGES.includes(lang)) throw new Error(`unknown language ${lang}`);
  storage.set(LANG_KEY, lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** BCP 47 locale for Intl formatting of the current language. */
export function locale(lang = getLang()) {
  return lang === 'en' ? 'en-GB' : 'id-ID';
}

/** Chrome string for `key`, with `{name}` placeholders filled from `params`. */
export function t(key, params = {}, lang = getLang()) {
  const template = strings[lang]?.[key] ?? strings.id[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// ---- server vocabulary (status and role labels) ----

let vocabulary = storage.getJson(VOCAB_KEY(getLang())) ?? {};

/**
 * Loads the status/role labels of `lang` from the server; keeps the last good copy in
 * localStorage so a tablet that reloads offline still shows words, not enum names.
 */
export async function loadVocabulary(fetchJson, lang = getLang()) {
  vocabulary = storage.getJson(VOCAB_KEY(lang)) ?? {};
  try {
    const fresh = await fetchJson(`/api/vocabulary?lang=${encodeURIComponent(lang)}`);
    if (fresh && typeof fresh === 'object') {
      vocabulary = fresh;
      storage.setJson(VOCAB_KEY(lang), fresh);
    }
  } catch {
    // keep the cached copy (or none: labels then fall back to the enum name)
  }
  return vocabulary;
}

/** Label from the server vocabulary, e.g. label('meetingStatus', 'Live') → "Berlangsung". */
export function label(group, value) {
  if (value == null || value === '') return '';
  return vocabulary?.[group]?.[value] ?? String(value);
}

/** The raw vocabulary group (e.g. for building a status <select>). */
export function vocabularyGroup(group) {
  return vocabulary?.[group] ?? {};
}
