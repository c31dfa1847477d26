using System.Globalization;
using RakorLive.Model;

namespace RakorLive.Vocabulary;

/// <summary>What the follow-up list derives for a commitment from the clock, in the commitment's own zone.</summary>
public static class FollowUpView
{
    public static FollowUpItem Item(ActionPoint a, string timeZone, string meetingTitle, DateTimeOffset now, CultureInfo culture)
    {
        var late = Kosakata.IsOverdue(a.DueDate, a.Status, now, timeZone);
        var carried = ActionPointRules.CarriedCount(a);
        return new FollowUpItem(a.Id, a.MeetingId, meetingTitle, a.AgendaItemId, a.OwnerOpd, a.SupportingOpds, a.Description, a.Target,
            a.Beneficiaries, a.Benefit, a.DueDate, a.Status, a.Version, a.CreatedAt, a.CreatedBy, a.UpdatedAt, a.History, a.ProgressPercent,
            a.StatusReason, a.CarriedInto, a.VerificationNote, a.CompletedAt, timeZone, late, late ? DaysOverdue(a.DueDate, timeZone, now) : 0,
            Kosakata.DueHumanized(a.DueDate, now, timeZone, culture), carried, carried >= ActionPointRules.ChairAttentionCarries,
            Kosakata.Label(a.Status, culture.TwoLetterISOLanguageName == "en" ? "en" : "id"));
    }

    /// <summary>Whole local days since the due date (0 on or before it).</summary>
    public static int DaysOverdue(DateOnly dueDate, string timeZone, DateTimeOffset now) =>
        Math.Max(0, Kosakata.LocalDate(now, timeZone).DayNumber - dueDate.DayNumber);

    /// <summary>"Today" in every zone the deployment knows, for SQL that derives overdue per commitment.</summary>
    public static IReadOnlyDictionary<string, DateOnly> TodayByZone(DateTimeOffset now) =>
        Kosakata.SupportedTimeZones.ToDictionary(z => z, z => Kosakata.LocalDate(now, z));
}
