namespace RakorLive.Commands;

// The bodies clients send. Fields are nullable because the wire may omit anything;
// Rules.Validation turns a missing or malformed field into a message a person can act on.

[GenerateSerializer, Immutable, Alias("RakorLive.CreateMeeting")]
public sealed record CreateMeeting(
    [property: Id(0)] string? CommandId,
    [property: Id(1)] string? Title,
    [property: Id(2)] DateTimeOffset? ScheduledStart,
    [property: Id(3)] string? Location,
    [property: Id(4)] string? Chair,
    [property: Id(5)] string? TimeZone,
    [property: Id(6)] string? CarryOverFrom = null);

[GenerateSerializer, Immutable, Alias("RakorLive.AddAgendaItem")]
public sealed record AddAgendaItem(
    [property: Id(0)] string? CommandId,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? PresenterOpd,
    [property: Id(3)] int? TimeboxMinutes);

[GenerateSerializer, Immutable, Alias("RakorLive.CheckIn")]
public sealed record CheckIn(
    [property: Id(0)] string? CommandId,
    [property: Id(1)] string? Opd,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Position);

[GenerateSerializer, Immutable, Alias("RakorLive.CreateActionPoint")]
public sealed record CreateActionPoint(
    [property: Id(0)] string? CommandId,
    [property: Id(1)] string? AgendaItemId,
    [property: Id(2)] string? OwnerOpd,
    [property: Id(3)] IReadOnlyList<string>? SupportingOpds,
    [property: Id(4)] string? Description,
    [property: Id(5)] string? Target,
    [property: Id(6)] string? Beneficiaries,
    [property: Id(7)] string? Benefit,
    [property: Id(8)] string? DueDate);

/// <summary>A partial edit: only the fields present change.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.UpdateActionPoint")]
public sealed record UpdateActionPoint(
    [property: Id(0)] string? CommandId,
    [property: Id(1)] string? AgendaItemId,
    [property: Id(2)] string? OwnerOpd,
    [property: Id(3)] IReadOnlyList<string>? SupportingOpds,
    [property: Id(4)] string? Description,
    [property: Id(5)] string? Target,
    [property: Id(6)] string? Beneficiaries,
    [property: Id(7)] string? Benefit,
    [property: Id(8)] string? DueDate,
    [property: Id(9)] string? Status = null,
    [property: Id(10)] string? StatusReason = null);

/// <summary>Start, advance and close; <see cref="Skip"/> on advance marks the active item Skipped instead of Done.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.MeetingCommand")]
public sealed record MeetingCommand([property: Id(0)] string? CommandId, [property: Id(1)] bool? Skip = null);

[GenerateSerializer, Immutable, Alias("RakorLive.CreateJoinCode")]
public sealed record CreateJoinCode(
    [property: Id(0)] string? CommandId,
    [property: Id(1)] string? Role,
    [property: Id(2)] string? Opd,
    [property: Id(3)] int? ValidHours = null);

[GenerateSerializer, Immutable, Alias("RakorLive.CreateUser")]
public sealed record CreateUser(
    [property: Id(0)] string? Username,
    [property: Id(1)] string? Password,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] string? Role,
    [property: Id(4)] string? Opd,
    [property: Id(5)] string? CommandId = null);

[GenerateSerializer, Immutable, Alias("RakorLive.CreateOpd")]
public sealed record CreateOpd(
    [property: Id(0)] string? Code,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Kind = null,
    [property: Id(3)] string? CommandId = null);
