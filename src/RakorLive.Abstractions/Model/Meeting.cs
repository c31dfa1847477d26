namespace RakorLive.Model;

/// <param name="CarriedActionPointIds">On the carry-over item of a follow-up rakor: the previous meeting's unfinished commitments (their ids, not copies).</param>
[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItem")]
public sealed record AgendaItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string PresenterOpd,
    [property: Id(3)] int TimeboxMinutes,
    [property: Id(4)] AgendaItemStatus Status,
    [property: Id(5)] int Order,
    [property: Id(6)] DateTimeOffset? ActivatedAt = null,
    [property: Id(7)] DateTimeOffset? CompletedAt = null,
    [property: Id(8)] IReadOnlyList<string>? CarriedActionPointIds = null);

[GenerateSerializer, Immutable, Alias("RakorLive.Attendee")]
public sealed record Attendee(
    [property: Id(0)] string Opd,
    [property: Id(1)] string Name,
    [property: Id(2)] string Position,
    [property: Id(3)] DateTimeOffset CheckedInAt,
    [property: Id(4)] string CheckedInBy);

/// <summary>A meeting in the list: no seq, which changes with every event (the snapshot and the hub carry it).</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.MeetingSummary")]
public sealed record MeetingSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset ScheduledStart,
    [property: Id(3)] string Location,
    [property: Id(4)] string Chair,
    [property: Id(5)] string TimeZone,
    [property: Id(6)] MeetingStatus Status);

/// <summary>Everything a screen needs to draw a meeting from scratch, at one <see cref="Seq"/>.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.MeetingSnapshot")]
public sealed record MeetingSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset ScheduledStart,
    [property: Id(3)] string Location,
    [property: Id(4)] string Chair,
    [property: Id(5)] string TimeZone,
    [property: Id(6)] MeetingStatus Status,
    [property: Id(7)] DateTimeOffset? StartedAt,
    [property: Id(8)] DateTimeOffset? ClosedAt,
    [property: Id(9)] IReadOnlyList<AgendaItem> Agenda,
    [property: Id(10)] string? CurrentItemId,
    [property: Id(11)] IReadOnlyList<ActionPoint> ActionPoints,
    [property: Id(12)] IReadOnlyList<Attendee> Attendance,
    [property: Id(13)] long Seq,
    [property: Id(14)] long Epoch,
    [property: Id(15)] string? CarriedOverFrom = null);

/// <summary>An agenda item as read outside its meeting, with the commitments made under it.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItemView")]
public sealed record AgendaItemView(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] AgendaItem Item,
    [property: Id(2)] IReadOnlyList<string> ActionPointIds,
    [property: Id(3)] long Seq);
