namespace RakorLive.Model;

// The room and the record: outcomes written on agenda items, the speakers' queue, and the notulen's versions.

/// <summary>Catatan, Keputusan, Arahan pimpinan.</summary>
public enum OutcomeKind
{
    Note,
    Decision,
    Directive,
}

/// <summary>A note, decision or directive recorded on an agenda item; edited with If-Match on <see cref="Version"/>.</summary>
public sealed record Outcome(
    string Id,
    string AgendaItemId,
    OutcomeKind Kind,
    string Text,
    int Version,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    DateTimeOffset UpdatedAt);

public enum SpeakerStatus
{
    Waiting,
    Called,
    Withdrawn,
}

/// <summary>A request to speak on an agenda item, made by (or for) an agency.</summary>
public sealed record SpeakerRequest(
    string Id,
    string AgendaItemId,
    string Opd,
    string Name,
    SpeakerStatus Status,
    DateTimeOffset RequestedAt,
    string RequestedBy,
    DateTimeOffset? CalledAt = null,
    DateTimeOffset? WithdrawnAt = null);

/// <summary>Draft (being written, or returned with a note), Submitted (to the chair), Approved (locked, hashed), Superseded (a later version was approved).</summary>
public enum NotulenStatus
{
    Draft,
    Submitted,
    Approved,
    Superseded,
}

/// <summary>One version of the minutes. Version 1 is the meeting's draft; each correction of an approved version opens the next.</summary>
/// <param name="Sha256">Set on approval: the SHA-256 of the version's canonical content, printed on the PDF.</param>
/// <param name="SupersededBy">Set when a later version was approved.</param>
public sealed record NotulenVersion(
    int Number,
    NotulenStatus Status,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    string? Sha256 = null,
    DateTimeOffset? SubmittedAt = null,
    string? SubmittedBy = null,
    string? Notulis = null,
    DateTimeOffset? ApprovedAt = null,
    string? ApprovedBy = null,
    DateTimeOffset? ReturnedAt = null,
    string? ReturnedBy = null,
    string? ReturnNote = null,
    int? SupersededBy = null);

/// <summary>The answer of GET /api/notulen/verify/{sha256}: approved, superseded (naming the newer version) or unknown.</summary>
public sealed record NotulenVerification(
    string Sha256,
    string Status,
    string Message,
    string? MeetingId = null,
    string? MeetingTitle = null,
    int? Version = null,
    DateTimeOffset? ApprovedAt = null,
    string? ApprovedBy = null,
    int? NewerVersion = null,
    string? NewerSha256 = null);
