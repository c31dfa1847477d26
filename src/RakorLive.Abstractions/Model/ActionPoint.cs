namespace RakorLive.Model;

/// <summary>A commitment: one lead OPD, any supporting OPDs, and the four things every commitment must name.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.ActionPoint")]
public sealed record ActionPoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string MeetingId,
    [property: Id(2)] string? AgendaItemId,
    [property: Id(3)] string OwnerOpd,
    [property: Id(4)] IReadOnlyList<string> SupportingOpds,
    [property: Id(5)] string Description,
    [property: Id(6)] string Target,
    [property: Id(7)] string Beneficiaries,
    [property: Id(8)] string Benefit,
    [property: Id(9)] DateOnly DueDate,
    [property: Id(10)] ActionPointStatus Status,
    [property: Id(11)] int Version,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] string CreatedBy,
    [property: Id(14)] DateTimeOffset UpdatedAt,
    [property: Id(15)] IReadOnlyList<ActionPointChange> History,
    [property: Id(16)] int ProgressPercent = 0,
    [property: Id(17)] string? StatusReason = null);

/// <summary>One line of an action point's history: who changed what, when, at which version.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.ActionPointChange")]
public sealed record ActionPointChange(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string By,
    [property: Id(3)] string Kind,
    [property: Id(4)] IReadOnlyList<string> Fields,
    [property: Id(5)] string? Note = null);
