using System.Text.Json.Serialization;
using RakorLive.Events;
using RakorLive.Model;

namespace RakorLive.Grains.Meetings.Journal;

/// <summary>
/// What one command added to a meeting, exactly as it is appended: its receipt (commandId, kind, entity), its public
/// events (each with the next seq), its private facts (not relayed), the side effects it owes (the outbox) and the
/// ids it created (so a route can find the meeting that owns an id). Bytes written are proportional to the command.
/// </summary>
public sealed record JournalEntry(
    long Version,
    string CommandId,
    string Kind,
    string EntityId,
    long Seq,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    IReadOnlyList<MeetingEvent> Events,
    IReadOnlyList<MeetingFact> Facts,
    IReadOnlyList<OutboxItem> Outbox,
    IReadOnlyList<string> Created);

/// <summary>A change to the meeting that is not part of its public sequence (clients never see it as an event).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "fact")]
[JsonDerivedType(typeof(MeetingCreated), "created")]
[JsonDerivedType(typeof(JoinCodeIssued), "joinCode")]
[JsonDerivedType(typeof(JoinCodeRevoked), "joinCodeRevoked")]
[JsonDerivedType(typeof(NotulenFrozen), "notulenFrozen")]
public abstract record MeetingFact;

/// <summary>The meeting's own details (title, time, place) and its epoch: the fold starts here.</summary>
public sealed record MeetingCreated(MeetingSnapshot Meeting, DateTimeOffset CreatedAt, string CreatedBy) : MeetingFact;

/// <summary>Join codes are private: relaying them would hand every screen a way in.</summary>
public sealed record JoinCodeIssued(JoinCode Code) : MeetingFact;

/// <summary>The secretariat revoked a code: it signs in no more, and the tokens it gave stop working.</summary>
public sealed record JoinCodeRevoked(string Code, DateTimeOffset At) : MeetingFact;

/// <summary>An approved notulen version's content as it was approved: the documents of that version print this, never the live meeting.</summary>
public sealed record NotulenFrozen(RakorLive.GrainInterfaces.NotulenSource Source) : MeetingFact;

/// <summary>
/// A side effect an entry owes to something outside the meeting. Items name what changed, not its content: the
/// drain reads the latest confirmed state, so a burst of edits to one commitment is projected once, at its newest version.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "effect")]
[JsonDerivedType(typeof(ProjectActionPoint), "actionPoint")]
[JsonDerivedType(typeof(ProjectDirectory), "directory")]
[JsonDerivedType(typeof(RegisterCarrier), "carrier")]
public abstract record OutboxItem
{
    /// <summary>Items with the same key are one effect: the drain runs the newest once.</summary>
    public abstract string Key { get; }
}

/// <summary>The action point's read model and, through it, the ledgers of every agency it names.</summary>
public sealed record ProjectActionPoint(string ActionPointId) : OutboxItem
{
    public override string Key => "ap:" + ActionPointId;
}

/// <summary>The meeting's line in the meeting list.</summary>
public sealed record ProjectDirectory : OutboxItem
{
    public override string Key => "directory";
}

/// <summary>A follow-up rakor carries the origin meeting's commitments: the origin must learn it, to mirror their changes here.</summary>
public sealed record RegisterCarrier(string OriginMeetingId, IReadOnlyList<string> ActionPointIds) : OutboxItem
{
    public override string Key => "carrier:" + OriginMeetingId;
}
