namespace RakorLive.Model;

/// <summary>
/// A commitment in the follow-up list and an agency's ledger: every field of the action point, plus what the list
/// derives from the clock (in the commitment's zone) and the read model.
/// </summary>
/// <param name="DaysOverdue">Whole local days since the due date when overdue, else 0.</param>
/// <param name="DueHumanized">"3 hari lagi", "10 hari yang lalu" (English with Accept-Language: en).</param>
/// <param name="NeedsChairAttention">Carried over three times or more.</param>
public sealed record FollowUpItem(
    string Id,
    string MeetingId,
    string MeetingTitle,
    string? AgendaItemId,
    string OwnerOpd,
    IReadOnlyList<string> SupportingOpds,
    string Description,
    string Target,
    string Beneficiaries,
    string Benefit,
    DateOnly DueDate,
    ActionPointStatus Status,
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ActionPointChange> History,
    int ProgressPercent,
    string? StatusReason,
    IReadOnlyList<string>? CarriedInto,
    string? VerificationNote,
    DateTimeOffset? CompletedAt,
    string TimeZone,
    bool IsOverdue,
    int DaysOverdue,
    string DueHumanized,
    int CarriedCount,
    bool NeedsChairAttention,
    string StatusLabel);

public sealed record FollowUpPage(IReadOnlyList<FollowUpItem> Items, int Total, int Page, int PageSize);

/// <summary>One agency's follow-up record for a period (commitments it leads, by due date).</summary>
/// <param name="OnTimeRate">Done on or before the due date ÷ (Done + overdue), 0..1; null when there is neither.</param>
/// <param name="AverageDaysLate">Mean days late over the late ones (Done late: due → verified; overdue: due → today); 0 when none.</param>
public sealed record Scorecard(
    string Opd,
    string OpdName,
    int Rank,
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    int Overdue,
    int AwaitingVerification,
    int Done,
    int DoneOnTime,
    double? OnTimeRate,
    double AverageDaysLate);

public sealed record ScorecardRanking(DateOnly? From, DateOnly? To, IReadOnlyList<Scorecard> Agencies);

/// <summary>An uploaded evidence file, as the upload answers it; <see cref="Url"/> streams it back.</summary>
public sealed record EvidenceFile(string EvidenceId, string ActionPointId, string FileName, string ContentType, long Size, string Sha256, string Url);

/// <summary>A freshly rotated calendar feed key (shown once; only its hash is stored) and the feed's address.</summary>
public sealed record FeedKey(string Opd, string Key, string Url);
