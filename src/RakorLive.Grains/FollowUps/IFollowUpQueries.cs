using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Grains.FollowUps;

/// <summary>One commitment of the follow-up list, as the read model holds it, with what urgency needs.</summary>
public sealed record FollowUpRecord(ActionPoint ActionPoint, string TimeZone, string MeetingTitle, int CarriedCount);

public sealed record FollowUpResult(IReadOnlyList<FollowUpRecord> Items, int Total);

/// <summary>One agency's counts for a scorecard, straight from SQL aggregates.</summary>
public sealed record ScoreCounts(
    string Opd,
    IReadOnlyDictionary<ActionPointStatus, int> ByStatus,
    int Overdue,
    int DoneOnTime,
    int LateCount,
    long DaysLateSum);

/// <summary>
/// The follow-up list and scorecards over the relational read model. Filters, urgency order and paging run in SQL;
/// "today" is given per time zone (the deployment's zones), so overdue is derived in each commitment's own zone.
/// </summary>
public interface IFollowUpQueries
{
    Task<FollowUpResult> List(Validation.FollowUpQuery query, IReadOnlyDictionary<string, DateOnly> todayByZone, CancellationToken cancellationToken = default);

    /// <summary>Counts per owner agency of the commitments due within the period (inclusive), optionally one agency.</summary>
    Task<IReadOnlyList<ScoreCounts>> Scores(DateOnly? from, DateOnly? to, string? opd, IReadOnlyDictionary<string, DateOnly> todayByZone, CancellationToken cancellationToken = default);

    /// <summary>The agency's feed key hash, or null when none was issued.</summary>
    Task<string?> FeedKeyHash(string opd, CancellationToken cancellationToken = default);

    Task SetFeedKeyHash(string opd, string keyHash, DateTimeOffset at, CancellationToken cancellationToken = default);
}
