using System.Globalization;
using RakorLive.Model;

namespace RakorLive.Rules;

public static partial class Permissions
{
    /// <summary>The audit record is the secretariat's and the administrator's (never a join-code sign-in).</summary>
    public static void ReadAudit(Caller caller)
    {
        ReadAcrossMeetings(caller);
        Require(caller, "read the audit record", Role.Secretariat, Role.Admin);
    }
}

public static partial class Validation
{
    /// <summary>The audit query: <paramref name="From"/> inclusive, <paramref name="Before"/> exclusive.</summary>
    public sealed record AuditQuery(string? MeetingId, string? Opd, string? Actor, DateTimeOffset? From, DateTimeOffset? Before, int Page, int PageSize);

    /// <summary>
    /// from/to (both inclusive) are instants with an offset (<c>2026-12-01T09:00:00+07:00</c>, <c>…Z</c>) or local dates
    /// (<c>yyyy-MM-dd</c>, in <paramref name="timeZoneId"/>; <c>to</c> then includes that whole day).
    /// </summary>
    public static AuditQuery Audit(string? meetingId, string? opd, string? actor, string? from, string? to, string? page, string? pageSize, string timeZoneId)
    {
        var e = new Errors();
        string? meeting = null;
        if (!string.IsNullOrWhiteSpace(meetingId))
        {
            if (!Guid.TryParse(meetingId.Trim(), out _)) e.Add("meetingId", $"'{Truncate(meetingId)}' bukan id rapat.");
            else meeting = meetingId.Trim();
        }
        var code = e.OpdFilter("opd", opd);
        string? who = null;
        if (!string.IsNullOrWhiteSpace(actor))
        {
            who = actor.Trim();
            // A join-code subject is "join:" and the code; a username is at most Limits.Username.
            if (who.Length > Limits.Username + 8 || who.Any(char.IsControl)) { e.Add("actor", "actor: nama pengguna (atau join:KODE) yang dicari."); who = null; }
        }
        var zone = Vocabulary.Kosakata.Zone(timeZoneId);
        DateTimeOffset? Instant(string field, string? value, bool endOfDay)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var text = value.Trim();
            if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                var local = (endOfDay ? date.AddDays(1) : date).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
                return new DateTimeOffset(local, zone.GetUtcOffset(local));
            }
            // An instant must say its offset: a bare local time would be read in the server's zone, not the deployment's.
            if (text.Length > 10 && (text.EndsWith('Z') || text[^6] is '+' or '-')
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)) return endOfDay ? instant.AddTicks(1) : instant;
            e.Add(field, $"{field} '{Truncate(value)}': tanggal yyyy-MM-dd atau waktu ISO 8601 dengan zona (mis. 2026-12-01T09:00:00+07:00).");
            return null;
        }
        var f = Instant("from", from, endOfDay: false);
        var t = Instant("to", to, endOfDay: true);
        if (f is { } a && t is { } b && a >= b) e.Add("to", "to lebih awal dari from.");
        var (p, size) = Paging(e, page, pageSize);
        e.ThrowIfAny();
        return new AuditQuery(meeting, code, who, f, t, p, size);
    }
}
