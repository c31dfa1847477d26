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
    public const string AgendaReordered = nameof(AgendaReordered);
    public const string OutcomeRecorded = nameof(OutcomeRecorded);
    public const string OutcomeUpdated = nameof(OutcomeUpdated);
    public const string SpeakerRequested = nameof(SpeakerRequested);
    public const string SpeakerWithdrawn = nameof(SpeakerWithdrawn);
    public const string SpeakerCalled = nameof(SpeakerCalled);
    public const string NotulenSubmitted = nameof(NotulenSubmitted);
    public const string NotulenApproved = nameof(NotulenApproved);
    public const string NotulenReturned = nameof(NotulenReturned);
    /// <summary>A correction of an approved version opened the next draft version.</summary>
    public const string NotulenCorrectionOpened = nameof(NotulenCorrectionOpened);
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
[JsonDerivedType(typeof(AgendaReorderedData))]
[JsonDerivedType(typeof(OutcomeData))]
[JsonDerivedType(typeof(SpeakerData))]
[JsonDerivedType(typeof(NotulenData))]
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

/// <summary>The agenda's new order: every item id, first to last (each item's order becomes its position, from 1).</summary>
public sealed record AgendaReorderedData(IReadOnlyList<string> ItemIds) : MeetingEventData;

/// <summary>OutcomeRecorded and OutcomeUpdated carry the whole outcome after the change.</summary>
public sealed record OutcomeData(Outcome Outcome) : MeetingEventData;

/// <summary>SpeakerRequested, SpeakerWithdrawn and SpeakerCalled carry the whole request after the change.</summary>
public sealed record SpeakerData(SpeakerRequest Request) : MeetingEventData;

/// <summary>
/// The notulen events carry the whole version after the change. When a version is approved, every earlier
/// approved version becomes Superseded (SupersededBy = the new number): the fold does it, not a second event.
/// </summary>
public sealed record NotulenData(NotulenVersion Version) : MeetingEventData;

/// <summary>What a (re)joining client gets: the events it missed, or a snapshot when they are gone.</summary>
public sealed record CatchUp(
    MeetingSnapshot? Snapshot,
    IReadOnlyList<MeetingEvent> Events,
    long Seq,
    long Epoch);
