using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RakorLive.Model;
using RakorLive.Vocabulary;
using RakorLive.Wire;

namespace RakorLive.Grains.Notifications;

/// <summary>
/// Which notification a commitment owes on a given day, and the key it is raised under exactly once. Days are counted
/// in the commitment's time zone (its meeting's), the digest's time of day in the deployment's.
/// </summary>
public static class DeadlineRules
{
    /// <summary>A notification to raise under <paramref name="Key"/> for agency <paramref name="Opd"/>.</summary>
    public sealed record Due(string Opd, string Key, FollowUpNotification Notification);

    public static bool IsFinished(ActionPointStatus status) => status is ActionPointStatus.Done or ActionPointStatus.Dropped;

    /// <summary>Days from the local today to the due date: 0 due today, negative when late.</summary>
    public static int DaysLeft(LedgerEntry e, DateTimeOffset now) => e.DueDate.DayNumber - Kosakata.LocalDate(now, e.TimeZone).DayNumber;

    /// <summary>
    /// The deadline notice the entry owes now: <c>DeadlineMissed</c> once the due date passed; otherwise
    /// <c>DeadlineApproaching</c> for the tightest lead day reached (H-7 from 7 days before, H-3 from 3 days, ...).
    /// The key holds the due date, so a moved date re-arms its notices and an old date's are never raised again.
    /// </summary>
    public static Due? ItemNotice(string opd, LedgerEntry e, DateTimeOffset now, IReadOnlyList<int> leadDays)
    {
        if (IsFinished(e.Status)) return null;
        var left = DaysLeft(e, now);
        var due = e.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (left < 0)
        {
            var key = $"{e.ActionPointId}|{NotificationNames.DeadlineMissed}|{due}";
            return new Due(opd, key, new FollowUpNotification(IdOf(opd, key), NotificationNames.DeadlineMissed, opd, now,
                e.ActionPointId, e.MeetingId, e.DueDate, Status: e.Status, DaysLeft: left, Role: e.Role, Version: e.Version));
        }
        var lead = leadDays.Where(d => d >= left).DefaultIfEmpty(-1).Min();
        if (lead < 0) return null;
        var approachingKey = $"{e.ActionPointId}|{NotificationNames.DeadlineApproaching}|{due}|H-{lead}";
        return new Due(opd, approachingKey, new FollowUpNotification(IdOf(opd, approachingKey), NotificationNames.DeadlineApproaching, opd, now,
            e.ActionPointId, e.MeetingId, e.DueDate, lead, Status: e.Status, DaysLeft: left, Role: e.Role, Version: e.Version));
    }

    /// <summary>The agency's digest for its local date, when the digest time has come and something is due within the lead window or late.</summary>
    public static Due? Digest(string opd, IReadOnlyList<LedgerEntry> ledger, DateTimeOffset now, NotificationOptions options)
    {
        var local = Kosakata.ToLocal(now, options.TimeZone);
        if (TimeOnly.FromDateTime(local.DateTime) < options.Reminders.DigestAt) return null;
        var window = options.Reminders.LeadDayList.DefaultIfEmpty(0).Max();
        var items = ledger
            .Where(e => !IsFinished(e.Status))
            .Select(e => (Entry: e, Left: DaysLeft(e, now)))
            .Where(x => x.Left <= window)
            .OrderBy(x => x.Left).ThenBy(x => x.Entry.ActionPointId, StringComparer.Ordinal)
            .Select(x => new DigestItem(x.Entry.ActionPointId, x.Entry.MeetingId, x.Entry.DueDate, x.Entry.Status, x.Left, x.Left < 0, x.Entry.Role))
            .ToList();
        if (items.Count == 0) return null;
        var date = DateOnly.FromDateTime(local.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var key = $"{NotificationNames.DailyDigest}|{date}";
        return new Due(opd, key, new FollowUpNotification(IdOf(opd, key), NotificationNames.DailyDigest, opd, now, Items: items, Date: date));
    }

    /// <summary>A status change the agency is told about: entering AwaitingVerification, and the verdict on it (Done, or returned).</summary>
    public static Due? Transition(string opd, LedgerEntry e, ActionPointStatus? previous, DateTimeOffset now)
    {
        string? kind = null;
        if (e.Status == ActionPointStatus.AwaitingVerification && previous != ActionPointStatus.AwaitingVerification)
            kind = NotificationNames.AwaitingVerification;
        // Done from anything (an unknown previous included: the key's version makes a repeat after a restart harmless), or returned.
        else if ((e.Status == ActionPointStatus.Done && previous != ActionPointStatus.Done) ||
                 (previous == ActionPointStatus.AwaitingVerification && e.Status == ActionPointStatus.InProgress))
            kind = NotificationNames.ActionPointVerified;
        if (kind is null) return null;
        var key = $"{e.ActionPointId}|{kind}|v{e.Version}";
        return new Due(opd, key, new FollowUpNotification(IdOf(opd, key), kind, opd, now, e.ActionPointId, e.MeetingId, e.DueDate,
            Status: e.Status, Role: e.Role, Version: e.Version));
    }

    /// <summary>A stable id for (agency, key): the same however often the notification is raised or delivered.</summary>
    public static string IdOf(string opd, string key) =>
        "ntf_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(opd + "\n" + key)))[..24];
}
