namespace RakorLive.Model;

/// <summary>A commitment: one lead OPD, any supporting OPDs, and the four things every commitment must name.</summary>
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
    string? StatusReason = null);

/// <summary>One line of an action point's history: who changed what, when, at which version.</summary>
public sealed record ActionPointChange(
    int Version,
    DateTimeOffset At,
    string By,
    string Kind,
    IReadOnlyList<string> Fields,
    string? Note = null);
