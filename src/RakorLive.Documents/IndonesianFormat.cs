using System.Globalization;

namespace RakorLive.Documents;

/// <summary>
/// Dates and times the way Indonesian official documents write them: "Selasa, 1 Desember 2026",
/// "pukul 09.00 WIB". Twin of RakorLive.Vocabulary.Kosakata (which this library cannot reference
/// because it depends on Orleans); keep the two in step until they are merged.
/// </summary>
public static class IndonesianFormat
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("id-ID");

    private static readonly Dictionary<string, string> ZoneAbbreviations = new(StringComparer.Ordinal)
    {
        ["Asia/Jakarta"] = "WIB",
        ["Asia/Pontianak"] = "WIB",
        ["Asia/Makassar"] = "WITA",
        ["Asia/Jayapura"] = "WIT",
    };

    /// <summary>WIB, WITA or WIT; for any other zone the abbreviation its UTC offset has in Indonesia, else "UTC+h".</summary>
    public static string ZoneAbbreviation(string timeZoneId, DateTimeOffset? at = null)
    {
        if (ZoneAbbreviations.TryGetValue(timeZoneId, out var known)) return known;
        var zone = Zone(timeZoneId);
        var offset = at is { } instant ? zone.GetUtcOffset(instant) : zone.BaseUtcOffset;
        return offset.TotalHours switch
        {
            7 => "WIB",
            8 => "WITA",
            9 => "WIT",
            _ => "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(offset.Minutes == 0 ? "%h" : @"h\:mm", CultureInfo.InvariantCulture),
        };
    }

    public static TimeZoneInfo Zone(string timeZoneId) => TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);

    public static DateTimeOffset ToLocal(DateTimeOffset instant, string timeZoneId) => TimeZoneInfo.ConvertTime(instant, Zone(timeZoneId));

    public static DateOnly LocalDate(DateTimeOffset instant, string timeZoneId) => DateOnly.FromDateTime(ToLocal(instant, timeZoneId).DateTime);

    /// <summary>"Selasa, 1 Desember 2026".</summary>
    public static string DayAndDate(DateOnly date) => date.ToString("dddd, d MMMM yyyy", Culture);

    /// <summary>"15 Desember 2026".</summary>
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    /// <summary>"09.00 WIB": Indonesian writes a dot between hours and minutes.</summary>
    public static string Time(DateTimeOffset instant, string timeZoneId) =>
        ToLocal(instant, timeZoneId).ToString("HH'.'mm", CultureInfo.InvariantCulture) + " " + ZoneAbbreviation(timeZoneId, instant);

    /// <summary>"pukul 09.00 WIB".</summary>
    public static string Clock(DateTimeOffset instant, string timeZoneId) => "pukul " + Time(instant, timeZoneId);

    /// <summary>Letterheads write the pemda in capitals; the Indonesian culture keeps "i" an "I".</summary>
    public static string Upper(string text) => text.ToUpper(Culture);
}
