namespace RakorLive.Model;

/// <summary>A commitment: one lead OPD, any supporting OPDs, and the four things every commitment must name.</summary>
/// <param name="CarriedInto">The later rakor that carry this commitment over, in order; its carriedCount is their number.</param>
/// <param name="VerificationNote">The secretariat's note on the last verification (shown to the agency when returned).</param>
/// <param name="CompletedAt">When it was verified Done.</param>
public sealed record ActionPoint(
    string Id,
    string MeetingId,
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
    int ProgressPercent = 0,
    string? StatusReason = null,
    IReadOnlyList<string>? CarriedInto = null,
    string? VerificationNote = null,
    DateTimeOffset? CompletedAt = null);

public static class ActionPointRules
{
    /// <summary>Carried over this many times or more: flagged for the chair (on the screen and in the follow-up list).</summary>
    public const int ChairAttentionCarries = 3;

    /// <summary>How many later rakor carried the commitment over.</summary>
    public static int CarriedCount(ActionPoint actionPoint) => actionPoint.CarriedInto?.Count ?? 0;

    public static bool NeedsChairAttention(ActionPoint actionPoint) => CarriedCount(actionPoint) >= ChairAttentionCarries;
}

/// <summary>One line of an action point's history: who changed what, when, at which version.</summary>
/// <param name="MeetingId">The rakor the change was made from (a tablet in that meeting); null when it came from the desk.</param>
/// <param name="Accepted">On a verification: accepted (Done) or returned (InProgress, with the note).</param>
public sealed record ActionPointChange(
    int Version,
    DateTimeOffset At,
    string By,
    string Kind,
    IReadOnlyList<string> Fields,
    string? Note = null,
    int? Percent = null,
    IReadOnlyList<string>? EvidenceIds = null,
    string? EvidenceUrl = null,
    string? MeetingId = null,
    bool? Accepted = null);

/// <summary>The kinds of <see cref="ActionPointChange"/> (its <c>kind</c>).</summary>
public static class ActionPointChangeKinds
{
    public const string Created = nameof(Created);
    public const string Edited = nameof(Edited);
    public const string ProgressReported = nameof(ProgressReported);
    public const string Verified = nameof(Verified);
    public const string CarriedOver = nameof(CarriedOver);
}
