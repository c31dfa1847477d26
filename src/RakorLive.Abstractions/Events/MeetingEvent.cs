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
[GenerateSerializer, Immutable, Alias("RakorLive.MeetingEvent")]
public sealed record MeetingEvent(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long Epoch,
    [property: Id(3)] string Type,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] MeetingEventData Data);

/// <summary>The payload of an event; its concrete type follows from <see cref="MeetingEvent.Type"/>.</summary>
[JsonDerivedType(typeof(MeetingStartedData))]
[JsonDerivedType(typeof(AgendaItemData))]
[JsonDerivedType(typeof(AgendaItemActivatedData))]
[JsonDerivedType(typeof(AgendaItemCompletedData))]
[JsonDerivedType(typeof(AttendeeData))]
[JsonDerivedType(typeof(ActionPointData))]
[JsonDerivedType(typeof(MeetingClosedData))]
[GenerateSerializer, Immutable, Alias("RakorLive.MeetingEventData")]
public abstract record MeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.MeetingStartedData")]
public sealed record MeetingStartedData([property: Id(0)] DateTimeOffset StartedAt, [property: Id(1)] string? CurrentItemId) : MeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItemData")]
public sealed record AgendaItemData([property: Id(0)] AgendaItem Item) : MeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItemActivatedData")]
public sealed record AgendaItemActivatedData([property: Id(0)] string ItemId, [property: Id(1)] DateTimeOffset ActivatedAt) : MeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItemCompletedData")]
public sealed record AgendaItemCompletedData(
    [property: Id(0)] string ItemId,
    [property: Id(1)] AgendaItemStatus Status,
    [property: Id(2)] DateTimeOffset CompletedAt) : MeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.AttendeeData")]
public sealed record AttendeeData([property: Id(0)] Attendee Attendee) : MeetingEventData;

/// <summary>Carries the whole action point after the change, so a screen never needs a second read.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.ActionPointData")]
public sealed record ActionPointData([property: Id(0)] ActionPoint ActionPoint) : MeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.MeetingClosedData")]
public sealed record MeetingClosedData([property: Id(0)] DateTimeOffset ClosedAt) : MeetingEventData;

/// <summary>What a (re)joining client gets: the events it missed, or a snapshot when they are gone.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.CatchUp")]
public sealed record CatchUp(
    [property: Id(0)] MeetingSnapshot? Snapshot,
    [property: Id(1)] IReadOnlyList<MeetingEvent> Events,
    [property: Id(2)] long Seq,
    [property: Id(3)] long Epoch);
