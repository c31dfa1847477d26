using System.Globalization;
using Humanizer;
using RakorLive.Model;

namespace RakorLive.Vocabulary;

/// <summary>
/// The Indonesian (and English) vocabulary of RakorLive: status labels, role names, time zone
/// abbreviations and the way times and relative dates are written. Screens, exports and
/// messages take their words from here.
/// </summary>
public static class Kosakata
{
    public static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static readonly Dictionary<string, string> ZoneAbbreviations = new(StringComparer.Ordinal)
    {
        ["Asia/Jakarta"] = "WIB",
        ["Asia/Pontianak"] = "WIB",
        ["Asia/Makassar"] = "WITA",
        ["Asia/Jayapura"] = "WIT",
    };

    public static IReadOnlyCollection<string> SupportedTimeZones => ZoneAbbreviations.Keys;

    public static bool IsSupportedTimeZone(string id) => ZoneAbbreviations.ContainsKey(id);

    public static string ZoneAbbreviation(string timeZoneId) =>
        ZoneAbbreviations.TryGetValue(timeZoneId, out var abbreviation) ? abbreviation : timeZoneId;

    public static TimeZoneInfo Zone(string timeZoneId) => TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);

    public static DateTimeOffset ToLocal(DateTimeOffset instant, string timeZoneId) =>
        TimeZoneInfo.ConvertTime(instant, Zone(timeZoneId));

    public static DateOnly LocalDate(DateTimeOffset instant, string timeZoneId) =>
        DateOnly.FromDateTime(ToLocal(instant, timeZoneId).DateTime);

    /// <summary>"pukul 09.00 WIB": Indonesian writes a dot between hours and minutes.</summary>
    public static string Clock(DateTimeOffset instant, string timeZoneId) =>
        $"pukul {ToLocal(instant, timeZoneId):HH.mm} {ZoneAbbreviation(timeZoneId)}";

    /// <summary>"Senin, 1 Desember 2026".</summary>
    public static string LongDate(DateOnly date) => date.ToString("dddd, d MMMM yyyy", Indonesian);

    /// <summary>"14 hari dari sekarang", "10 hari yang lalu": a due date relative to today in the meeting's zone.</summary>
    public static string DueHumanized(DateOnly dueDate, DateTimeOffset now, string timeZoneId, CultureInfo? culture = null)
    {
        var today = LocalDate(now, timeZoneId);
        if (dueDate == today) return (culture ?? Indonesian).TwoLetterISOLanguageName == "id" ? "hari ini" : "today";
        var due = dueDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return due.Humanize(utcDate: true, dateToCompareAgainst: today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), culture: culture ?? Indonesian);
    }

    /// <summary>"1 jam, 35 menit".</summary>
    public static string Duration(TimeSpan span, CultureInfo? culture = null) =>
        span.Humanize(precision: 2, culture: culture ?? Indonesian);

    /// <summary>Overdue ("Terlambat") is derived: due date passed in the meeting's zone and not finished.</summary>
    public static bool IsOverdue(DateOnly dueDate, ActionPointStatus status, DateTimeOffset now, string timeZoneId) =>
        status is not (ActionPointStatus.Done or ActionPointStatus.Dropped) && LocalDate(now, timeZoneId) > dueDate;

    public static string Label(MeetingStatus status, string lang = "id") => Labels(lang).MeetingStatus[status.ToString()];

    public static string Label(AgendaItemStatus status, string lang = "id") => Labels(lang).AgendaItemStatus[status.ToString()];

    public static string Label(ActionPointStatus status, string lang = "id") => Labels(lang).ActionPointStatus[status.ToString()];

    public const string Overdue = "Terlambat";

    /// <summary>The agenda item a follow-up rakor opens with, holding the last meeting's unfinished commitments.</summary>
    public const string CarryOverAgendaTitle = "Tindak lanjut rakor sebelumnya";

    public static LabelSet Labels(string? lang) => string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) ? EnglishLabels : IndonesianLabels;

    private static readonly LabelSet IndonesianLabels = new(
        "id",
        new Dictionary<string, string>
        {
            [nameof(Model.MeetingStatus.Scheduled)] = "Terjadwal",
            [nameof(Model.MeetingStatus.Live)] = "Berlangsung",
            [nameof(Model.MeetingStatus.Closed)] = "Selesai",
        },
        new Dictionary<string, string>
        {
            [nameof(Model.AgendaItemStatus.Pending)] = "Menunggu",
            [nameof(Model.AgendaItemStatus.Active)] = "Sedang dibahas",
            [nameof(Model.AgendaItemStatus.Done)] = "Selesai",
            [nameof(Model.AgendaItemStatus.Skipped)] = "Dilewati",
        },
        new Dictionary<string, string>
        {
            [nameof(Model.ActionPointStatus.Open)] = "Belum ditindaklanjuti",
            [nameof(Model.ActionPointStatus.InProgress)] = "Dalam proses",
            [nameof(Model.ActionPointStatus.AwaitingVerification)] = "Menunggu verifikasi",
            [nameof(Model.ActionPointStatus.Done)] = "Selesai",
            [nameof(Model.ActionPointStatus.Dropped)] = "Tidak dapat ditindaklanjuti",
            ["Overdue"] = Overdue,
        },
        new Dictionary<string, string>
        {
            [nameof(Role.Chair)] = "Pimpinan rapat",
            [nameof(Role.OpdHead)] = "Kepala OPD",
            [nameof(Role.Secretariat)] = "Sekretariat / notulis",
            [nameof(Role.Admin)] = "Administrator",
            [nameof(Role.Viewer)] = "Pemirsa",
        },
        new Dictionary<string, string>
        {
            ["meeting"] = "Rapat koordinasi",
            ["agenda"] = "Agenda",
            ["actionPoint"] = "Rencana tindak lanjut",
            ["target"] = "Target",
            ["beneficiaries"] = "Sasaran",
            ["benefit"] = "Manfaat",
            ["ownerOpd"] = "OPD Penanggung Jawab",
            ["supportingOpds"] = "OPD Pendukung",
            ["dueDate"] = "Batas Waktu",
            ["attendance"] = "Daftar hadir",
            ["carryOverAgenda"] = CarryOverAgendaTitle,
        });

    private static readonly LabelSet EnglishLabels = new(
        "en",
        new Dictionary<string, string>
        {
            [nameof(Model.MeetingStatus.Scheduled)] = "Scheduled",
            [nameof(Model.MeetingStatus.Live)] = "Live",
            [nameof(Model.MeetingStatus.Closed)] = "Closed",
        },
        new Dictionary<string, string>
        {
            [nameof(Model.AgendaItemStatus.Pending)] = "Pending",
            [nameof(Model.AgendaItemStatus.Active)] = "Under discussion",
            [nameof(Model.AgendaItemStatus.Done)] = "Done",
            [nameof(Model.AgendaItemStatus.Skipped)] = "Skipped",
        },
        new Dictionary<string, string>
        {
            [nameof(Model.ActionPointStatus.Open)] = "Open",
            [nameof(Model.ActionPointStatus.InProgress)] = "In progress",
            [nameof(Model.ActionPointStatus.AwaitingVerification)] = "Awaiting verification",
            [nameof(Model.ActionPointStatus.Done)] = "Done",
            [nameof(Model.ActionPointStatus.Dropped)] = "Dropped",
            ["Overdue"] = "Overdue",
        },
        new Dictionary<string, string>
        {
            [nameof(Role.Chair)] = "Chair",
            [nameof(Role.OpdHead)] = "Head of agency",
            [nameof(Role.Secretariat)] = "Secretariat",
            [nameof(Role.Admin)] = "Administrator",
            [nameof(Role.Viewer)] = "Viewer",
        },
        new Dictionary<string, string>
        {
            ["meeting"] = "Coordination meeting",
            ["agenda"] = "Agenda",
            ["actionPoint"] = "Follow-up action",
            ["target"] = "Target",
            ["beneficiaries"] = "Beneficiaries",
            ["benefit"] = "Benefit",
            ["ownerOpd"] = "Lead agency",
            ["supportingOpds"] = "Supporting agencies",
            ["dueDate"] = "Deadline",
            ["attendance"] = "Attendance",
            ["carryOverAgenda"] = "Follow-up of the previous rakor",
        });
}
