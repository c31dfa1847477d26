using System.Text.Json.Serialization;
using RakorLive.Model;

namespace RakorLive.Events;

/// <summary>The event type names of the public contract.</summary>
public static class MeetingEventTypes
{
    public const string MeetingStarted = nameof(MeetingStarted);
    public const string AgendaItemAdded = nameof(AgendaItemAdded);
    public const string AgendaItemActivated = nameof(AgendaItemActivated);
    public const string AgendaItemCompleted = nameof(AgendaItemCompleted);
    public const string AttendeeCheckedIn = nameof(AttendeeCheckedIn);
    public const string ActionPointAdded = nameof(ActionPointAdded);
    public const string ActionPointUpdated = nameof(ActionPointUpdated);
    public const string ProgressReported = nameof(ProgressReported);
    public const string ActionPointVerified = nameof(ActionPointVerified);
    public const string MeetingClosed = nameof(MeetingClosed);
}

/// <summary>One entry of a meeting's event sequence, exactly as clients receive it.</summary>
public sealed record MeetingEvent(
    string MeetingId,
    long Seq,
    long Epoch,
    string Type,
    DateTimeOffset OccurredAt,
    MeetingEventData Data);

/// <summary>The payload of an event; its concrete type follows from <see cref="MeetingEvent.Type"/>.</summary>
[JsonDerivedType(typeof(MeetingStartedData))]
[JsonDerivedType(typeof(AgendaItemData))]
[JsonDerivedType(typeof(AgendaItemActivatedData))]
[JsonDerivedType(typeof(AgendaItemCompletedData))]
[JsonDerivedType(typeof(AttendeeData))]
[JsonDerivedType(typeof(ActionPointData))]
[JsonDerivedType(typeof(MeetingClosedData))]
public abstract record MeetingEventData;

public sealed record MeetingStartedData(DateTimeOffset StartedAt, string? CurrentItemId) : MeetingEventData;

public sealed record AgendaItemData(AgendaItem Item) : MeetingEventData;

public sealed record AgendaItemActivatedData(string ItemId, DateTimeOffset ActivatedAt) : MeetingEventData;

public sealed record AgendaItemCompletedData(
    string ItemId,
    AgendaItemStatus Status,
    DateTimeOffset CompletedAt) : MeetingEventData;

public sealed record AttendeeData(Attendee Attendee) : MeetingEventData;

/// <summary>Carries the whole action point after the change, so a screen never needs a second read.</summary>
public sealed record ActionPointData(ActionPoint ActionPoint) : MeetingEventData;

public sealed record MeetingClosedData(DateTimeOffset ClosedAt) : MeetingEventData;

/// <summary>What a (re)joining client gets: the events it missed, or a snapshot when they are gone.</summary>
public sealed record CatchUp(
    MeetingSnapshot? Snapshot,
    IReadOnlyList<MeetingEvent> Events,
    long Seq,
    long Epoch);
