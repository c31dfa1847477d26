namespace RakorLive.Model;

/// <param name="CarriedActionPointIds">On the carry-over item of a follow-up rakor: the previous meeting's unfinished commitments (their ids, not copies).</param>
public sealed record AgendaItem(
    string Id,
    string Title,
    string PresenterOpd,
    int TimeboxMinutes,
    AgendaItemStatus Status,
    int Order,
    DateTimeOffset? ActivatedAt = null,
    DateTimeOffset? CompletedAt = null,
    IReadOnlyList<string>? CarriedActionPointIds = null);

public sealed record Attendee(
    string Opd,
    string Name,
    string Position,
    DateTimeOffset CheckedInAt,
    string CheckedInBy);

/// <summary>A meeting in the list: no seq, which changes with every event (the snapshot and the hub carry it).</summary>
public sealed record MeetingSummary(
    string Id,
    string Title,
    DateTimeOffset ScheduledStart,
    string Location,
    string Chair,
    string TimeZone,
    MeetingStatus Status);

/// <summary>Everything a screen needs to draw a meeting from scratch, at one <see cref="Seq"/>.</summary>
/// <param name="Outcomes">Notes, decisions and directives of the agenda items (null until the first).</param>
/// <param name="Speakers">Every request to speak, in the order made (null until the first); the queue is the Waiting ones of the active item.</param>
/// <param name="Notulen">The minutes' versions, oldest first (null until the first submission).</param>
/// <param name="CarriedActionPoints">Earlier meetings' commitments this rakor carries over, live: every later change of one arrives here as an event.</param>
public sealed record MeetingSnapshot(
    string Id,
    string Title,
    DateTimeOffset ScheduledStart,
    string Location,
    string Chair,
    string TimeZone,
    MeetingStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<AgendaItem> Agenda,
    string? CurrentItemId,
    IReadOnlyList<ActionPoint> ActionPoints,
    IReadOnlyList<Attendee> Attendance,
    long Seq,
    long Epoch,
    string? CarriedOverFrom = null,
    IReadOnlyList<Outcome>? Outcomes = null,
    IReadOnlyList<SpeakerRequest>? Speakers = null,
    IReadOnlyList<NotulenVersion>? Notulen = null,
    IReadOnlyList<ActionPoint>? CarriedActionPoints = null);

/// <summary>An agenda item as read outside its meeting, with the commitments made under it.</summary>
public sealed record AgendaItemView(
    string MeetingId,
    AgendaItem Item,
    IReadOnlyList<string> ActionPointIds,
    long Seq);
